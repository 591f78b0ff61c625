namespace ConservationCodegen.Engine.Model;

/// <summary>Activation applied after a dense layer (ignored after the last layer).</summary>
public enum ActivationKind
{
    /// <summary>No activation: consecutive identity layers form a linear run.</summary>
    Identity = 0,
    /// <summary>max(0, z): positively 1-homogeneous.</summary>
    ReLU = 1,
    /// <summary>max(αz, z): positively 1-homogeneous.</summary>
    LeakyReLU = 2,
    /// <summary>|z|: positively 1-homogeneous.</summary>
    Abs = 3,
    /// <summary>tanh(z): no rescaling symmetry, cuts the model.</summary>
    Tanh = 4,
    /// <summary>Logistic sigmoid: no rescaling symmetry, cuts the model.</summary>
    Sigmoid = 5,
    /// <summary>GELU: no rescaling symmetry, cuts the model.</summary>
    Gelu = 6,
    /// <summary>Softplus: no rescaling symmetry, cuts the model.</summary>
    Softplus = 7,
}

/// <summary>How an activation shapes φ (docs/certificates.md §1).</summary>
public static class ActivationKinds
{
    /// <summary>True for σ(λz) = λσ(z), λ &gt; 0 (identity included).</summary>
    public static bool IsPositivelyHomogeneous(ActivationKind kind) =>
        kind is ActivationKind.Identity or ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Abs;

    /// <summary>True for activations that split the model into independent segments.</summary>
    public static bool CutsModel(ActivationKind kind) => !IsPositivelyHomogeneous(kind);

    /// <summary>The command-line / documentation name of an activation.</summary>
    public static string DisplayName(ActivationKind kind) => kind switch
    {
        ActivationKind.Identity => "linear",
        ActivationKind.ReLU => "relu",
        ActivationKind.LeakyReLU => "leaky-relu",
        ActivationKind.Abs => "abs",
        ActivationKind.Tanh => "tanh",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.Gelu => "gelu",
        ActivationKind.Softplus => "softplus",
        _ => "unknown",
    };

    /// <summary>Parses a command-line activation name (case-insensitive); identity also answers to "linear".</summary>
    public static bool TryParse(string name, out ActivationKind kind)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "linear": case "identity": case "none": kind = ActivationKind.Identity; return true;
            case "relu": kind = ActivationKind.ReLU; return true;
            case "leaky-relu": case "leakyrelu": kind = ActivationKind.LeakyReLU; return true;
            case "abs": kind = ActivationKind.Abs; return true;
            case "tanh": kind = ActivationKind.Tanh; return true;
            case "sigmoid": kind = ActivationKind.Sigmoid; return true;
            case "gelu": kind = ActivationKind.Gelu; return true;
            case "softplus": kind = ActivationKind.Softplus; return true;
            default: kind = ActivationKind.Identity; return false;
        }
    }
}
