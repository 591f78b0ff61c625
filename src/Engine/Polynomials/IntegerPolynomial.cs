using System;
using System.Collections.Generic;
using System.Linq;

namespace ConservationCodegen.Engine.Polynomials;

/// <summary>A sparse polynomial in θ with integer coefficients; terms are kept in graded-lexicographic order.</summary>
public sealed class IntegerPolynomial
{
    private readonly SortedDictionary<IntArrayKey, long> _terms = new();

    public IReadOnlyDictionary<IntArrayKey, long> Terms => _terms;

    public int TermCount => _terms.Count;

    public bool IsZero => _terms.Count == 0;

    /// <summary>Largest total degree.</summary>
    public int Degree => _terms.Count == 0 ? 0 : _terms.Keys.Max(k => k.Length);

    /// <summary>Adds c·m (checked: overflow throws and is reported as a failed verification).</summary>
    public void Add(IntArrayKey monomial, long coefficient)
    {
        if (coefficient == 0) return;
        if (_terms.TryGetValue(monomial, out var c))
        {
            long s = checked(c + coefficient);
            if (s == 0) _terms.Remove(monomial);
            else _terms[monomial] = s;
        }
        else
        {
            _terms[monomial] = coefficient;
        }
    }

    /// <summary>Distinct variables, ascending.</summary>
    public int[] Variables() => _terms.Keys.SelectMany(k => k.Items).Distinct().OrderBy(v => v).ToArray();

    /// <summary>∂/∂θ_v.</summary>
    public IntegerPolynomial Derivative(int variable)
    {
        var d = new IntegerPolynomial();
        foreach (var kv in _terms)
        {
            int e = Monomial.Derive(kv.Key, variable, out var rest);
            if (e > 0) d.Add(rest, checked(kv.Value * e));
        }

        return d;
    }

    /// <summary>Value at θ (double).</summary>
    public double Evaluate(IReadOnlyList<double> theta)
    {
        double sum = 0;
        foreach (var kv in _terms)
        {
            double t = kv.Value;
            foreach (var v in kv.Key.Items) t *= theta[v];
            sum += t;
        }

        return sum;
    }

    /// <summary>Gradient at θ (double), dense.</summary>
    public double[] Gradient(IReadOnlyList<double> theta)
    {
        var g = new double[theta.Count];
        foreach (var kv in _terms)
        {
            foreach (var (v, e) in Monomial.Factors(kv.Key))
            {
                double t = kv.Value * e;
                bool skipped = false;
                foreach (var w in kv.Key.Items)
                {
                    if (w == v && !skipped) { skipped = true; continue; }
                    t *= theta[w];
                }

                g[v] += t;
            }
        }

        return g;
    }

    /// <summary>Gradient at θ modulo p, dense.</summary>
    public uint[] GradientMod(uint[] theta)
    {
        var g = new uint[theta.Length];
        foreach (var kv in _terms)
        {
            foreach (var (v, e) in Monomial.Factors(kv.Key))
            {
                uint t = Arithmetic.ModP.FromLong(kv.Value * e);
                bool skipped = false;
                foreach (var w in kv.Key.Items)
                {
                    if (w == v && !skipped) { skipped = true; continue; }
                    t = Arithmetic.ModP.Mul(t, theta[w]);
                }

                g[v] = Arithmetic.ModP.Add(g[v], t);
            }
        }

        return g;
    }
}
