using Microsoft.CodeAnalysis;

namespace ConservationCodegen;

/// <summary>The options of a <c>[ConservationModel]</c> attribute, read the same way by the analyzers and the generator.</summary>
internal static class ModelArguments
{
    /// <summary>Smallest, default and largest MaxDegree the generator searches (the attribute documents 1…4, default 2).</summary>
    public const int MinMaxDegree = 1, DefaultMaxDegree = 2, MaxMaxDegree = 4;

    /// <summary>The <c>MaxDegree</c> written on the attribute (possibly out of range), or the default.</summary>
    public static int MaxDegreeOf(AttributeData model)
    {
        foreach (var arg in model.NamedArguments)
            if (arg.Key == "MaxDegree" && arg.Value.Value is int degree) return degree;
        return DefaultMaxDegree;
    }

    /// <summary>The value of <c>OptimizerKind.Momentum</c> (the enum lives in the runtime; its values are a contract).</summary>
    public const int MomentumOptimizer = 1;

    /// <summary>The <c>Optimizer</c> written on the attribute as its enum value (0, gradient descent, when absent).</summary>
    public static int OptimizerOf(AttributeData model)
    {
        foreach (var arg in model.NamedArguments)
            if (arg.Key == "Optimizer" && arg.Value.Value is int kind) return kind;
        return 0;
    }

    /// <summary>True when <paramref name="kind"/> is a defined <c>OptimizerKind</c> value (GradientDescent or Momentum).</summary>
    public static bool IsValidOptimizer(int kind) => kind is 0 or MomentumOptimizer;

    /// <summary>The value of <c>Loss.SoftmaxCrossEntropy</c> (the enum lives in the runtime; its values are a contract).</summary>
    public const int SoftmaxCrossEntropyLoss = 1;

    /// <summary>The <c>Loss</c> written on the attribute as its enum value (0, mean squared error, when absent).</summary>
    public static int LossOf(AttributeData model)
    {
        foreach (var arg in model.NamedArguments)
            if (arg.Key == "Loss" && arg.Value.Value is int kind) return kind;
        return 0;
    }

    /// <summary>True when <paramref name="loss"/> is a defined <c>Loss</c> value (MeanSquaredError or SoftmaxCrossEntropy).</summary>
    public static bool IsValidLoss(int loss) => loss is 0 or SoftmaxCrossEntropyLoss;

    /// <summary>The value of <c>InputSymmetry.Rotation</c> (the enum lives in the runtime; its values are a contract).</summary>
    public const int RotationSymmetry = 1;

    /// <summary>The <c>InputSymmetry</c> written on the attribute as its enum value (0, none, when absent).</summary>
    public static int InputSymmetryOf(AttributeData model)
    {
        foreach (var arg in model.NamedArguments)
            if (arg.Key == "InputSymmetry" && arg.Value.Value is int symmetry) return symmetry;
        return 0;
    }

    /// <summary>True when <paramref name="symmetry"/> is a defined <c>InputSymmetry</c> value (None or Rotation).</summary>
    public static bool IsValidInputSymmetry(int symmetry) => symmetry is 0 or RotationSymmetry;

    /// <summary>True when <paramref name="degree"/> is in MinMaxDegree…MaxMaxDegree.</summary>
    public static bool IsValidMaxDegree(int degree) => degree is >= MinMaxDegree and <= MaxMaxDegree;
}
