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
    /// <summary>max(0, z)^k (k = the block's ActivationDegree ≥ 2): positively k-homogeneous.</summary>
    RePU = 8,
    /// <summary>z^k (k = the block's ActivationDegree ≥ 2): k-homogeneous.</summary>
    Power = 9,
    /// <summary>z·sigmoid(βz): with a trainable β per unit a rescaling symmetry; with a fixed β (SiLU) none, it cuts the model.</summary>
    Swish = 10,
}

/// <summary>How an activation shapes φ (docs/certificates.md §1).</summary>
public static class ActivationKinds
{
    /// <summary>True for σ(λz) = λσ(z), λ &gt; 0 (identity included).</summary>
    public static bool IsPositivelyHomogeneous(ActivationKind kind) =>
        kind is ActivationKind.Identity or ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Abs;

    /// <summary>True for σ(cz) = c^k σ(z), c &gt; 0, for the block's degree k (1 for the positively homogeneous ones).</summary>
    public static bool IsHomogeneous(ActivationKind kind) => IsPositivelyHomogeneous(kind) || kind is ActivationKind.RePU or ActivationKind.Power;

    /// <summary>True for activations that split the model into independent segments (Swish: when its β is fixed).</summary>
    public static bool CutsModel(ActivationKind kind) => !IsHomogeneous(kind);

    /// <summary>
    /// True when no law crosses the activation after <paramref name="block"/>: every activation without a rescaling
    /// symmetry, a Swish whose β is fixed (SiLU) among them; a Swish with a trainable β rescales with its unit. A
    /// normalised block cuts the model whatever its activation: what follows reads only the normalised values.
    /// </summary>
    public static bool CutsModel(BlockSpec block) => block.Normalization != NormalizationKind.None ||
        !(IsHomogeneous(block.Activation) || block.Activation == ActivationKind.Swish && block.HasBeta);

    /// <summary>True for activations with a degree (RePU, Power): the block's ActivationDegree must be at least 2.</summary>
    public static bool HasDegree(ActivationKind kind) => kind is ActivationKind.RePU or ActivationKind.Power;

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
        ActivationKind.RePU => "repu",
        ActivationKind.Power => "power",
        ActivationKind.Swish => "swish",
        _ => "unknown",
    };

    /// <summary>
    /// The command-line name of a block's activation with its parameters: "repu:3", "power:2" (the degree after a
    /// colon), "swish-beta" for a Swish with a trainable β; otherwise <see cref="DisplayName(ActivationKind)"/>.
    /// </summary>
    public static string DisplayName(BlockSpec block) =>
        HasDegree(block.Activation) ? DisplayName(block.Activation) + ":" + block.ActivationDegree.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : block.Activation == ActivationKind.Swish && block.HasBeta ? "swish-beta"
        : DisplayName(block.Activation);

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
            case "repu": kind = ActivationKind.RePU; return true;
            case "power": kind = ActivationKind.Power; return true;
            case "swish": case "silu": kind = ActivationKind.Swish; return true;
            default: kind = ActivationKind.Identity; return false;
        }
    }
}
