using Microsoft.CodeAnalysis;

namespace ConservationCodegen;

/// <summary>How a member stores a layer (or a bias).</summary>
internal enum StorageShape
{
    Unsupported,
    Double2D,
    Float2D,
    DoubleFlat,
    FloatFlat,
    DoubleJagged,
    FloatJagged,

    /// <summary>MathNet.Numerics <c>Matrix&lt;double&gt;</c> or a subclass.</summary>
    DoubleMatrix,
    FloatMatrix,

    /// <summary>MathNet.Numerics <c>Vector&lt;double&gt;</c> or a subclass (biases only).</summary>
    DoubleVector,
    FloatVector,

    /// <summary><c>double[,,]</c> / <c>float[,,]</c>: a 1-D convolution's kernels [out, in, k].</summary>
    Double3D,
    Float3D,

    /// <summary><c>double[,,,]</c> / <c>float[,,,]</c>: a 2-D convolution's kernels [out, in, kh, kw].</summary>
    Double4D,
    Float4D,
}

/// <summary>What each <see cref="StorageShape"/> may hold.</summary>
internal static class StorageShapes
{
    /// <summary>Types a [Dense] member may have, as the messages list them.</summary>
    public const string WeightTypes = "double[,], float[,], double[][], float[][], double[], float[] or MathNet.Numerics Matrix<double>/Matrix<float>";

    /// <summary>Types a bias member may have, as the messages list them.</summary>
    public const string BiasTypes = "double[], float[] or MathNet.Numerics Vector<double>/Vector<float>";

    /// <summary>Types a [Conv1d] member may have, as the messages list them.</summary>
    public const string Conv1dTypes = "double[,,], float[,,], double[] or float[]";

    /// <summary>Types a [Conv2d] member may have, as the messages list them.</summary>
    public const string Conv2dTypes = "double[,,,], float[,,,], double[] or float[]";

    /// <summary>Types a [Diagonal] member may have, as the messages list them.</summary>
    public const string DiagonalTypes = "double[] or float[]";

    /// <summary>True for a storage a [Dense] member may have.</summary>
    public static bool IsWeight(this StorageShape s) =>
        s is not (StorageShape.Unsupported or StorageShape.DoubleVector or StorageShape.FloatVector) && !s.IsTensor();

    /// <summary>True for the rank-3 and rank-4 arrays of convolutions.</summary>
    public static bool IsTensor(this StorageShape s) => s is StorageShape.Double3D or StorageShape.Float3D or StorageShape.Double4D or StorageShape.Float4D;

    /// <summary>True for a storage the weights of a <paramref name="kind"/> layer may have.</summary>
    public static bool IsWeightOf(this StorageShape s, LayerKind kind) => kind switch
    {
        LayerKind.Dense or LayerKind.GatedLinearUnit or LayerKind.SelfAttention => s.IsWeight(),
        LayerKind.Conv1d => s is StorageShape.Double3D or StorageShape.Float3D or StorageShape.DoubleFlat or StorageShape.FloatFlat,
        LayerKind.Conv2d => s is StorageShape.Double4D or StorageShape.Float4D or StorageShape.DoubleFlat or StorageShape.FloatFlat,
        _ => s is StorageShape.DoubleFlat or StorageShape.FloatFlat,
    };

    /// <summary>The types a <paramref name="kind"/> layer's weights may have, as the messages list them.</summary>
    public static string WeightTypesOf(LayerKind kind) => kind switch
    {
        LayerKind.Dense or LayerKind.GatedLinearUnit or LayerKind.SelfAttention => WeightTypes,
        LayerKind.Conv1d => Conv1dTypes,
        LayerKind.Conv2d => Conv2dTypes,
        _ => DiagonalTypes,
    };

    public static bool IsBias(this StorageShape s) => s is StorageShape.DoubleFlat or StorageShape.FloatFlat or StorageShape.DoubleVector or StorageShape.FloatVector;

    public static bool IsFloat(this StorageShape s) =>
        s is StorageShape.Float2D or StorageShape.FloatFlat or StorageShape.FloatJagged or StorageShape.FloatMatrix or StorageShape.FloatVector
            or StorageShape.Float3D or StorageShape.Float4D;

    public static bool IsMathNet(this StorageShape s) =>
        s is StorageShape.DoubleMatrix or StorageShape.FloatMatrix or StorageShape.DoubleVector or StorageShape.FloatVector;
}

/// <summary>
/// Recognises how a member stores a layer or a bias from its type, the same way for the analyzers and the generator
/// (compiled into both).
/// </summary>
internal static class StorageReader
{
    /// <summary>The member's type, for fields and properties; null otherwise.</summary>
    public static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };

    /// <summary>The storage a member of <paramref name="type"/> has, or <see cref="StorageShape.Unsupported"/>.</summary>
    public static StorageShape StorageOf(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol named) return MathNetStorageOf(named);
        if (type is not IArrayTypeSymbol array) return StorageShape.Unsupported;
        if (array is { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1 } row })
            return row.ElementType.SpecialType switch
            {
                SpecialType.System_Double => StorageShape.DoubleJagged,
                SpecialType.System_Single => StorageShape.FloatJagged,
                _ => StorageShape.Unsupported,
            };
        var e = array.ElementType.SpecialType;
        return (array.Rank, e) switch
        {
            (2, SpecialType.System_Double) => StorageShape.Double2D,
            (2, SpecialType.System_Single) => StorageShape.Float2D,
            (1, SpecialType.System_Double) => StorageShape.DoubleFlat,
            (1, SpecialType.System_Single) => StorageShape.FloatFlat,
            (3, SpecialType.System_Double) => StorageShape.Double3D,
            (3, SpecialType.System_Single) => StorageShape.Float3D,
            (4, SpecialType.System_Double) => StorageShape.Double4D,
            (4, SpecialType.System_Single) => StorageShape.Float4D,
            _ => StorageShape.Unsupported,
        };
    }

    // MathNet.Numerics.LinearAlgebra.Matrix<T>/Vector<T> for T = double or float, or any subclass (matched by name).
    private static StorageShape MathNetStorageOf(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.TypeArguments.Length != 1 || t.ContainingNamespace?.ToDisplayString() != "MathNet.Numerics.LinearAlgebra") continue;
            var e = t.TypeArguments[0].SpecialType;
            bool isDouble = e == SpecialType.System_Double, isFloat = e == SpecialType.System_Single;
            if (t.MetadataName == "Matrix`1" && (isDouble || isFloat)) return isDouble ? StorageShape.DoubleMatrix : StorageShape.FloatMatrix;
            if (t.MetadataName == "Vector`1" && (isDouble || isFloat)) return isDouble ? StorageShape.DoubleVector : StorageShape.FloatVector;
        }

        return StorageShape.Unsupported;
    }
}
