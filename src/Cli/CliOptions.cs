using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Cli;

/// <summary>How the result is written.</summary>
public enum OutputFormat
{
    /// <summary>Plain text for the terminal (default).</summary>
    Text,
    /// <summary>One JSON object (--json).</summary>
    Json,
    /// <summary>A LaTeX fragment: the counts as comments, the laws in an align* environment (--latex).</summary>
    Latex,
    /// <summary>A Markdown report with the laws as inline math (--markdown).</summary>
    Markdown,
}

/// <summary>Parsed arguments of <c>conservation-laws analyze</c>.</summary>
public sealed class CliOptions
{
    /// <summary>Widths n_0…n_L.</summary>
    public IReadOnlyList<int> Widths { get; private set; } = new List<int>();

    /// <summary>One activation per hidden layer.</summary>
    public IReadOnlyList<ActivationKind> HiddenActivations { get; private set; } = new List<ActivationKind>();

    /// <summary>Per hidden layer: the degree k of a RePU or Power activation ("repu:3"), 1 otherwise.</summary>
    public IReadOnlyList<int> HiddenDegrees { get; private set; } = new List<int>();

    /// <summary>Per hidden layer: whether its Swish has a trainable β ("swish-beta", or "swish" with --trainable-beta).</summary>
    public IReadOnlyList<bool> HiddenTrainableBeta { get; private set; } = new List<bool>();

    /// <summary>True when every layer has a bias (--bias without a list).</summary>
    public bool Bias { get; private set; }

    /// <summary>Bias per layer (--bias 1,0,1), or every layer's when --bias has no list; null without --bias.</summary>
    public IReadOnlyList<bool>? BiasPerLayer { get; private set; }

    /// <summary>Largest polynomial degree searched.</summary>
    public int MaxDegree { get; private set; } = 2;

    /// <summary>Output format (--json, --latex, --markdown; text otherwise).</summary>
    public OutputFormat Format { get; private set; } = OutputFormat.Text;

    /// <summary>True for --json.</summary>
    public bool Json => Format == OutputFormat.Json;

    /// <summary>Whether a layer (0-based) has a bias.</summary>
    public bool HasBias(int layer) => BiasPerLayer is { } list ? layer < list.Count && list[layer] : Bias;
    /// <summary>Budget in milliseconds of work (the generator's <c>ConservationCodegenAnalysisBudgetMs</c>); null with --no-budget.</summary>
    public int? BudgetMilliseconds { get; private set; } = DefaultBudgetMilliseconds;

    /// <summary>The generator's default budget, so the command line and the build agree.</summary>
    public const int DefaultBudgetMilliseconds = 5000;

    /// <summary>Text output lists at most this many laws per group unless --all-laws is given (JSON always lists all).</summary>
    public const int LawsPerGroupInText = 8;

    /// <summary>Print every law in text output.</summary>
    public bool AllLaws { get; private set; }

    /// <summary>
    /// Which training dynamics to count laws of: "gradient" (gradient flow, the default: laws, counts and certificates),
    /// "momentum" (the momentum flow τθ̈ + θ̇ = −∇L: the count only) or "mirror" (the entropic mirror flow
    /// θ̇ = −diag(θ)∇L of a positive linear factorisation: laws and count).
    /// </summary>
    public string Flow { get; private set; } = "gradient";

    /// <summary>
    /// The losses the laws must hold for (<c>--loss</c>): every loss of the outputs (<c>mse</c>, the default) or softmax
    /// cross-entropy (<c>softmax-ce</c>), which adds the last layer's translation laws.
    /// </summary>
    public OutputLoss Loss { get; private set; }

    /// <summary>One positive learning-rate factor per layer (<c>--layer-rates</c>), or null: the metric M = diag(η_l).</summary>
    public IReadOnlyList<decimal>? LayerRates { get; private set; }

    public const string Usage =
        "Usage: conservation-laws analyze --layers N0,N1,...,NL [--activation NAME | --activations A1,...,A(L-1)]\n" +
        "                                 [--bias [B1,...,BL]] [--max-degree 1..4] [--budget MS | --no-budget]\n" +
        "                                 [--trainable-beta] [--flow gradient|momentum|mirror] [--layer-rates R1,...,RL]\n" +
        "                                 [--loss mse|softmax-ce] [--json | --latex | --markdown] [--all-laws]\n" +
        "       (analyse is accepted for analyze)\n" +
        "       conservation-laws --version\n" +
        "Activations: linear, relu, leaky-relu, abs, tanh, sigmoid, gelu, softplus, swish, swish-beta, repu:K, power:K\n" +
        "             (default: linear; K ≥ 2 is the degree: repu:3 is max(0, z)^3, power:2 is z^2).\n" +
        "  --activation   applies to every hidden layer; --activations lists one per hidden layer.\n" +
        "  --trainable-beta  every swish layer gets a trainable β per unit (swish-beta does it for one layer).\n" +
        "  --bias         a bias on every layer; --bias 1,0,1 says per layer (1 = bias, 0 = none), one entry per layer.\n" +
        "  --budget       work budget in milliseconds (default 5000, as in the build); --no-budget for an unbounded exact run.\n" +
        "  --json         one JSON object with every law; --latex a LaTeX fragment (align*); --markdown a Markdown report.\n" +
        "  --all-laws     print every law (text, LaTeX, Markdown; default: 8 per group). JSON always lists all.\n" +
        "  --flow         gradient (default): laws of gradient flow; momentum: how many laws the momentum flow\n" +
        "                 τθ'' + θ' = −∇L keeps (text or --json; its laws are not listed); mirror: laws and count of the\n" +
        "                 entropic mirror flow θ' = −θ⊙∇L of a positive linear factorisation (linear layers only).\n" +
        "  --layer-rates  one positive learning-rate factor per layer (e.g. 1,0.5): the flow θ' = −diag(η)∇L, with\n" +
        "                 --flow gradient (laws and count) or --flow momentum (count); text or --json.\n" +
        "  --loss         mse (default): laws of every loss of the outputs; softmax-ce: softmax cross-entropy, which adds\n" +
        "                 the last layer's column sums and bias sum (translation laws); gradient flow only.\n" +
        "Analyses that take longer than a second print a progress line on standard error; Ctrl+C cancels.\n" +
        "Example: conservation-laws analyze --layers 3,4,2 --activation relu --bias";

    /// <summary>Parses the arguments after "analyze"; returns an error message or null.</summary>
    public static string? TryParse(IReadOnlyList<string> args, out CliOptions options)
    {
        options = new CliOptions();
        string? activation = null, activations = null, biasList = null;
        bool sawLayers = false, sawBudget = false, sawNoBudget = false, trainableBeta = false;
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string? inline = null;
            int equals = a.IndexOf('=');
            if (a.StartsWith("--", System.StringComparison.Ordinal) && equals > 2)
            {
                inline = a.Substring(equals + 1); // --layers=3,4,2
                a = a.Substring(0, equals);
            }

            if (!seen.Add(a)) return $"{a} is given twice.";
            string? Value()
            {
                if (inline is not null) return inline.Length > 0 ? inline : null;
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", System.StringComparison.Ordinal)) return null;
                return args[++i];
            }

            switch (a)
            {
                case "--layers":
                {
                    var v = Value();
                    if (v is null) return "--layers needs a value such as 3,4,2.";
                    var widths = new List<int>();
                    foreach (var part in v.Split(','))
                    {
                        if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int w))
                            return long.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                                ? $"--layers: '{part}' is too large; widths go up to 1,000,000."
                                : $"--layers: '{part}' is not an integer width.";
                        if (w <= 0) return $"--layers: widths must be positive (got {w.ToString(CultureInfo.InvariantCulture)}).";
                        widths.Add(w);
                    }

                    if (widths.Count < 2) return "--layers needs at least two widths (input and output), e.g. 3,2.";
                    options.Widths = widths;
                    sawLayers = true;
                    break;
                }

                case "--activation":
                    activation = Value();
                    if (activation is null) return "--activation needs a name (" + Names + ").";
                    break;
                case "--activations":
                    activations = Value();
                    if (activations is null) return "--activations needs a comma-separated list, one per hidden layer.";
                    break;
                case "--bias":
                    // An optional per-layer list: the next argument when it is not an option.
                    if (inline is not null) biasList = inline;
                    else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", System.StringComparison.Ordinal)) biasList = args[++i];
                    options.Bias = biasList is null;
                    if (biasList is not null && biasList.Length == 0) return "--bias= needs a list such as 1,0,1.";
                    break;
                case "--json":
                case "--latex":
                case "--markdown":
                    if (options.Format != OutputFormat.Text) return "Use one of --json, --latex and --markdown, not several.";
                    options.Format = a == "--json" ? OutputFormat.Json : a == "--latex" ? OutputFormat.Latex : OutputFormat.Markdown;
                    break;
                case "--flow":
                    string? flow = Value()?.ToLowerInvariant(); // as the activation names, any case
                    if (flow is not ("gradient" or "momentum" or "mirror")) return "--flow takes gradient, momentum or mirror.";
                    options.Flow = flow;
                    break;
                case "--layer-rates":
                {
                    var v = Value();
                    if (v is null) return "--layer-rates needs one positive factor per layer, e.g. --layer-rates 1,0.5.";
                    var rates = ConservationCodegen.Engine.Metric.LayerRates.Parse(v, out var rateError);
                    if (rates is null) return "--layer-rates: " + rateError;
                    options.LayerRates = rates;
                    break;
                }

                case "--loss":
                {
                    string? loss = Value()?.ToLowerInvariant();
                    if (loss is not ("mse" or "softmax-ce")) return "--loss takes mse or softmax-ce.";
                    options.Loss = loss == "softmax-ce" ? OutputLoss.SoftmaxCrossEntropy : OutputLoss.Any;
                    break;
                }

                case "--all-laws":
                    options.AllLaws = true;
                    break;
                case "--trainable-beta":
                    trainableBeta = true;
                    break;
                case "--max-degree":
                {
                    var v = Value();
                    if (v is null || !int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int d) || d < 1 || d > 4)
                        return "--max-degree must be an integer from 1 to 4.";
                    options.MaxDegree = d;
                    break;
                }

                case "--budget":
                {
                    var v = Value();
                    if (v is null || !int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b < 1)
                        return "--budget must be a whole number of milliseconds from 1 to 2147483647, e.g. 5000.";
                    if (sawNoBudget) return "Use either --budget or --no-budget, not both.";
                    options.BudgetMilliseconds = b;
                    sawBudget = true;
                    break;
                }

                case "--no-budget":
                    if (sawBudget) return "Use either --budget or --no-budget, not both.";
                    options.BudgetMilliseconds = null;
                    sawNoBudget = true;
                    break;

                default:
                    return $"Unknown argument '{a}'.";
            }
        }

        if (!sawLayers) return "--layers is required, e.g. --layers 3,4,2.";
        if (options.Flow == "momentum" && options.Format is OutputFormat.Latex or OutputFormat.Markdown)
            return "--flow momentum prints text or --json (it counts laws; it lists none).";
        int layers = options.Widths.Count - 1;
        if (options.Flow == "mirror" && options.Format is OutputFormat.Latex or OutputFormat.Markdown)
            return "--flow mirror prints text or --json.";
        if (options.LayerRates is { } given)
        {
            if (options.Flow == "mirror") return "--layer-rates and --flow mirror are two different metrics; use one of them.";
            if (options.Format is OutputFormat.Latex or OutputFormat.Markdown) return "--layer-rates prints text or --json.";
            if (given.Count != layers)
                return $"--layer-rates lists {given.Count.ToString(CultureInfo.InvariantCulture)} rate(s) but the model has {layers.ToString(CultureInfo.InvariantCulture)} layer(s); give one factor per layer.";
        }

        if (biasList is not null)
        {
            var flags = new List<bool>();
            foreach (var part in biasList.Split(','))
            {
                switch (part.Trim())
                {
                    case "1": flags.Add(true); break;
                    case "0": flags.Add(false); break;
                    default: return $"--bias: '{part}' is not 1 (bias) or 0 (no bias); give one entry per layer, e.g. --bias 1,0,1.";
                }
            }

            if (flags.Count != layers)
                return $"--bias lists {flags.Count.ToString(CultureInfo.InvariantCulture)} layer(s) but the model has {layers.ToString(CultureInfo.InvariantCulture)} layer(s).";
            options.BiasPerLayer = flags;
        }
        else if (options.Bias)
        {
            options.BiasPerLayer = Enumerable.Repeat(true, layers).ToList();
        }

        if (activation is not null && activations is not null) return "Use either --activation or --activations, not both.";
        int hidden = options.Widths.Count - 2;
        var kinds = new List<ActivationKind>();
        var degrees = new List<int>();
        var betas = new List<bool>();
        if (activations is not null)
        {
            var names = activations.Split(',');
            if (names.Length != hidden)
                return $"--activations lists {names.Length.ToString(CultureInfo.InvariantCulture)} activation(s) but the model has {hidden.ToString(CultureInfo.InvariantCulture)} hidden layer(s).";
            foreach (var n in names)
            {
                var problem = ParseActivation(n, out var k, out int degree, out bool beta);
                if (problem is not null) return problem;
                kinds.Add(k);
                degrees.Add(degree);
                betas.Add(beta);
            }
        }
        else
        {
            var k = ActivationKind.Identity;
            int degree = 1;
            bool beta = false;
            if (activation is not null && ParseActivation(activation, out k, out degree, out beta) is { } problem) return problem;
            for (int h = 0; h < hidden; h++)
            {
                kinds.Add(k);
                degrees.Add(degree);
                betas.Add(beta);
            }
        }

        if (trainableBeta)
        {
            if (!kinds.Contains(ActivationKind.Swish)) return "--trainable-beta applies to swish activations, and the model has none.";
            for (int h = 0; h < kinds.Count; h++) betas[h] |= kinds[h] == ActivationKind.Swish;
        }

        options.HiddenActivations = kinds;
        options.HiddenDegrees = degrees;
        options.HiddenTrainableBeta = betas;
        return null;
    }

    private const string Names = "linear, relu, leaky-relu, abs, tanh, sigmoid, gelu, softplus, swish, swish-beta, repu:K, power:K";

    // A name, with the degree after a colon for repu and power ("repu:3"); "swish-beta" is a Swish with a trainable β.
    private static string? ParseActivation(string text, out ActivationKind kind, out int degree, out bool trainableBeta)
    {
        degree = 1;
        trainableBeta = false;
        string name = text.Trim();
        int colon = name.IndexOf(':');
        string? degreeText = colon >= 0 ? name.Substring(colon + 1).Trim() : null;
        if (colon >= 0) name = name.Substring(0, colon).Trim();
        if (name.Equals("swish-beta", System.StringComparison.OrdinalIgnoreCase))
        {
            kind = ActivationKind.Swish;
            trainableBeta = true;
        }
        else if (!ActivationKinds.TryParse(name, out kind))
        {
            return UnknownActivation(text);
        }

        string display = ActivationKinds.DisplayName(kind);
        if (!ActivationKinds.HasDegree(kind))
            return degreeText is null ? null : $"The {(trainableBeta ? "swish-beta" : display)} activation takes no degree ('{text.Trim()}'); only repu and power do, e.g. repu:3.";
        if (degreeText is null || degreeText.Length == 0)
            return $"The {display} activation needs its degree after a colon, e.g. {display}:3 (an integer k ≥ 2).";
        if (!int.TryParse(degreeText, NumberStyles.None, CultureInfo.InvariantCulture, out degree) || degree < 2)
            return $"The degree of {display} must be an integer k ≥ 2 (got '{degreeText}'), e.g. {display}:3.";
        return null;
    }

    private static string UnknownActivation(string name) =>
        $"Unknown activation '{name}'. Use one of: {Names}.";
}
