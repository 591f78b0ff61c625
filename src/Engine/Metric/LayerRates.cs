using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Metric;

/// <summary>
/// Layer-wise learning rates: one positive factor η_l per layer, applied to all of that layer's parameters (weights,
/// bias and trainable β). They define the diagonal metric M of the flow θ̇ = −M∇L (docs/momentum.md, "Layer-wise learning
/// rates"). Each factor is kept as the exact decimal it was written as, so the engine's counts use exact rationals.
/// </summary>
public sealed class LayerRates
{
    private LayerRates(IReadOnlyList<decimal> rates) => Rates = rates;

    /// <summary>η_l for each layer l (0-based), exact decimals, all positive.</summary>
    public IReadOnlyList<decimal> Rates { get; }

    /// <summary>The rates as given, e.g. "1,0.5" (invariant culture).</summary>
    public override string ToString() => string.Join(",", Rates.Select(r => r.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Rates for a model: exactly one positive factor per layer. Returns null and a message saying what is wrong
    /// otherwise.
    /// </summary>
    public static LayerRates? Create(ModelDescription model, IReadOnlyList<decimal> rates, out string? error)
    {
        error = null;
        if (rates.Count != model.Layers.Count)
        {
            error = string.Format(CultureInfo.InvariantCulture,
                "The model has {0} layer{1} but {2} layer rate{3} given: give exactly one positive factor per layer.",
                model.Layers.Count, model.Layers.Count == 1 ? "" : "s", rates.Count, rates.Count == 1 ? " was" : "s were");
            return null;
        }

        for (int l = 0; l < rates.Count; l++)
        {
            if (rates[l] <= 0)
            {
                error = string.Format(CultureInfo.InvariantCulture,
                    "The rate of layer {0} is {1}: every layer rate must be positive.", l + 1, rates[l]);
                return null;
            }
        }

        return new LayerRates(rates.ToArray());
    }

    /// <summary>
    /// Parses a comma-separated list of decimals ("1,0.5,2e-1"). Returns null and a message for an empty entry, a value
    /// that is not a number, or a value that is not positive.
    /// </summary>
    public static IReadOnlyList<decimal>? Parse(string text, out string? error)
    {
        error = null;
        var result = new List<decimal>();
        var parts = text.Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].Trim();
            // A number outside what an exact decimal holds (1e400, 1e-400) is named as such, not as "not a number" or
            // "not positive" (1e-400 rounds to a decimal 0).
            double approximate = 0;
            bool isNumber = part.All(c => c is >= '0' and <= '9' or '.' or '+' or '-' or 'e' or 'E')
                && double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out approximate) && !double.IsNaN(approximate);
            if (!decimal.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                error = part.Length == 0
                    ? string.Format(CultureInfo.InvariantCulture, "Layer rate {0} is empty: give one positive number per layer, separated by commas.", i + 1)
                    : isNumber
                        ? string.Format(CultureInfo.InvariantCulture, "Layer rate {0} ('{1}') is too large: rates are read as exact decimals, up to about 7.9e28.", i + 1, part)
                        : string.Format(CultureInfo.InvariantCulture, "Layer rate {0} ('{1}') is not a number.", i + 1, part);
                return null;
            }

            // Below the smallest decimal (or double) a positive rate reads as 0: its mantissa still has a non-zero digit.
            string mantissa = part.Split('e', 'E')[0];
            if (value == 0 && isNumber && !mantissa.StartsWith("-", System.StringComparison.Ordinal) && mantissa.Any(c => c is >= '1' and <= '9'))
            {
                error = string.Format(CultureInfo.InvariantCulture, "Layer rate {0} ('{1}') is too small: rates are read as exact decimals, down to 1e-28.", i + 1, part);
                return null;
            }

            if (value <= 0)
            {
                error = string.Format(CultureInfo.InvariantCulture, "Layer rate {0} ('{1}') is not positive: every layer rate must be positive.", i + 1, part);
                return null;
            }

            result.Add(value);
        }

        return result;
    }

    /// <summary>True when every layer in [first, last] has the same rate.</summary>
    internal bool Uniform(int first, int last)
    {
        for (int l = first + 1; l <= last; l++)
            if (Rates[l] != Rates[first]) return false;
        return true;
    }

    /// <summary>The layer (0-based) each parameter of the model belongs to.</summary>
    internal static int[] LayerOfParameters(ModelDescription model)
    {
        var layer = new int[model.ParameterCount];
        int start = 0;
        for (int l = 0; l < model.Layers.Count; l++)
        {
            int end = start + (int)model.Layers[l].ParameterCount;
            for (int i = start; i < end; i++) layer[i] = l;
            start = end;
        }

        return layer;
    }

    /// <summary>η_l as an exact fraction (numerator, denominator), both positive.</summary>
    internal (BigInteger Numerator, BigInteger Denominator) Fraction(int layer)
    {
        decimal value = Rates[layer];
        int[] bits = decimal.GetBits(value);
        int scale = (bits[3] >> 16) & 0xFF;
        var mantissa = new BigInteger((uint)bits[0]) + (new BigInteger((uint)bits[1]) << 32) + (new BigInteger((uint)bits[2]) << 64);
        var denominator = BigInteger.Pow(10, scale);
        var g = BigInteger.GreatestCommonDivisor(mantissa, denominator);
        return (mantissa / g, denominator / g);
    }

    /// <summary>η_l modulo the engine's prime, or null when its numerator or denominator is divisible by it (never for rates of ordinary size).</summary>
    internal uint? ModP(int layer)
    {
        var (n, d) = Fraction(layer);
        uint nm = (uint)(n % Arithmetic.ModP.P), dm = (uint)(d % Arithmetic.ModP.P);
        if (nm == 0 || dm == 0) return null;
        return Arithmetic.ModP.Mul(nm, Arithmetic.ModP.Inverse(dm));
    }

    /// <summary>
    /// Per parameter, η of its layer and 1/η modulo the engine's prime (the diagonal of M and of M⁻¹), each layer's
    /// fraction reduced once; false, with the offending layer (0-based), when a rate has no inverse mod p.
    /// </summary>
    internal bool TryScaleModP(ModelDescription model, out uint[] scale, out uint[] inverse, out int badLayer)
    {
        var layerOf = LayerOfParameters(model);
        var perLayer = new uint[Rates.Count];
        scale = new uint[layerOf.Length];
        inverse = new uint[layerOf.Length];
        for (int l = 0; l < Rates.Count; l++)
        {
            if (ModP(l) is not uint eta)
            {
                badLayer = l;
                return false;
            }

            perLayer[l] = eta;
        }

        var perLayerInverse = perLayer.Select(Arithmetic.ModP.Inverse).ToArray();
        for (int i = 0; i < layerOf.Length; i++)
        {
            scale[i] = perLayer[layerOf[i]];
            inverse[i] = perLayerInverse[layerOf[i]];
        }

        badLayer = -1;
        return true;
    }
}
