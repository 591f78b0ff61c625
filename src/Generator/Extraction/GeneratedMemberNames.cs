using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ConservationCodegen.Extraction;

/// <summary>
/// The names the generator adds to a model class (a superset: members some models do not get are listed too), and
/// the check that a user member does not take one of them, which would make the generated code fail to compile. A
/// user method may share a generated method's name as an overload, unless its parameter types are those of a
/// generated overload.
/// </summary>
internal static class GeneratedMemberNames
{
    private const string R = "global::System.ReadOnlySpan<T>";
    private const string S = "global::System.Span<T>";

    // Constants, properties, fields and the nested result type.
    private static readonly HashSet<string> Others = new(System.StringComparer.Ordinal)
    {
        "ParameterCount", "PhiLength", "IndependentLawCount", "CountCertificate", "PolynomialLawCount", "LawsAreComplete",
        "LawNames", "LawFormulas", "LawDegrees", "ConservedQuantities", "JacobianNonZeroCount", "JacobianRowStarts",
        "JacobianColumnIndices", "InputWidth", "OutputWidth", "s_lawNames", "s_lawFormulas", "s_lawDegrees", "s_network", "s_phi",
        "MomentumChargeCount", "MomentumChargeNames", "MomentumChargeLevels", "s_momentumChargeNames",
        "InputAngularMomentumCount", "InputAngularMomentumNames", "s_inputAngularMomentumNames",
    };

    // Public methods and private helpers with their overloads' parameter types (T: double, and float for float models).
    private static readonly Dictionary<string, string[][]> Methods = new(System.StringComparer.Ordinal)
    {
        ["CopyParametersTo"] = new[] { new[] { S } },
        ["SetParameters"] = new[] { new[] { R } },
        ["ComputeConservedQuantities"] = new[] { System.Array.Empty<string>(), new[] { R, S } },
        ["PredictStepDrift"] = new[] { new[] { R, "double", S } },
        ["ComputeLawChange"] = new[] { new[] { R, R, S } },
        ["ComputeLawBilinear"] = new[] { new[] { R, R, S } },
        ["ComputeLawMagnitudes"] = new[] { new[] { R, S } },
        ["ComputeLawMagnitudesCore"] = new[] { new[] { R, R, R, S } },
        ["ComputePhi"] = new[] { new[] { R, S } },
        ["ComputeJacobianSparse"] = new[] { new[] { R, S } },
        ["ComputeJacobian"] = new[] { new[] { R, S } },
        ["JacobianTimes"] = new[] { new[] { R, R, S } },
        ["JacobianTransposeTimes"] = new[] { new[] { R, R, S } },
        ["Forward"] = new[] { new[] { R, R, "int", S } },
        ["ComputeLossAndGradient"] = new[] { new[] { R, R, R, "int", "global::ConservationCodegen.Loss", S } },
        ["WriteLawTexts"] = new[] { new[] { "bool" } },
        ["WriteLawDegrees"] = new[] { System.Array.Empty<string>() },
        ["CheckParameterShapes"] = new[] { System.Array.Empty<string>() },
        ["ComputeMomentumCharges"] = new[] { new[] { R, R, S } },
        ["WriteMomentumChargeNames"] = new[] { System.Array.Empty<string>() },
        ["ComputeInputAngularMomentum"] = new[] { new[] { R, R, S } },
        ["WriteInputAngularMomentumNames"] = new[] { System.Array.Empty<string>() },
    };

    // Straight-line work is split into private methods named prefix + chunk number (any parameters).
    private static readonly string[] ChunkPrefixes =
    {
        "ComputeLaws", "PredictDrift", "ComputeLawChange", "ComputeLawBilinear", "ComputeLawMagnitudes", "ComputePhi",
        "ComputeJacobianSparse", "JacobianTimes", "JacobianTransposeTimes",
    };

    /// <summary>
    /// The first user member of <paramref name="type"/> that the generated code would declare a second time, or null.
    /// <paramref name="layoutMembers"/> are the weight and bias members, which get <c>{Member}Offset</c> and
    /// <c>{Member}Length</c> constants.
    /// </summary>
    public static ISymbol? FindClash(INamedTypeSymbol type, IEnumerable<string> layoutMembers)
    {
        var layout = new HashSet<string>(layoutMembers.SelectMany(m => new[] { m + "Offset", m + "Length" }), System.StringComparer.Ordinal);
        return type.GetMembers().FirstOrDefault(member => Clashes(member, layout));
    }

    /// <summary>
    /// True when a member declared like <paramref name="member"/> would clash with a generated one (<paramref name="layout"/>:
    /// the <c>{Member}Offset</c>/<c>{Member}Length</c> names of the layers).
    /// </summary>
    public static bool Clashes(ISymbol member, ISet<string> layout)
    {
        if (member.IsImplicitlyDeclared || member is IMethodSymbol { MethodKind: not MethodKind.Ordinary }) return false;
        string name = member.Name;
        if (Others.Contains(name) || layout.Contains(name) || IsChunkName(name)) return true;
        if (member is not IMethodSymbol method) return Methods.ContainsKey(name);
        return Methods.TryGetValue(name, out var overloads) && overloads.Any(o => SameParameters(method, o));
    }

    /// <summary>True when a generated member is called <paramref name="name"/> (the model's own name must differ from all).</summary>
    public static bool IsGenerated(string name, IEnumerable<string> layoutMembers) =>
        Others.Contains(name) || Methods.ContainsKey(name) || IsChunkName(name)
        || layoutMembers.Any(m => name == m + "Offset" || name == m + "Length");

    private static bool IsChunkName(string name)
    {
        foreach (var prefix in ChunkPrefixes)
            if (name.Length > prefix.Length && name.StartsWith(prefix, System.StringComparison.Ordinal) && name.Skip(prefix.Length).All(c => c is >= '0' and <= '9'))
                return true;
        return false;
    }

    private static bool SameParameters(IMethodSymbol method, string[] generated)
    {
        if (method.Parameters.Length != generated.Length) return false;
        foreach (var element in new[] { "double", "float" })
        {
            bool same = true;
            for (int i = 0; i < generated.Length && same; i++)
                same = method.Parameters[i].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == generated[i].Replace("<T>", "<" + element + ">");
            if (same) return true;
        }

        return false;
    }
}
