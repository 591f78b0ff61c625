using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// CCG0107 under <c>[ConservationModel(Optimizer = OptimizerKind.Momentum)]</c>: how many laws survive momentum, worded
/// by what is known (certified, with high probability, not counted), and the momentum charges the generated code emits.
/// </summary>
public sealed class MomentumDiagnosticTests
{
    private static string Dense(string name, int inputs, int outputs, string options = "") =>
        $"[Dense({inputs}, {outputs}{options})] public double[,] {name} = new double[{outputs}, {inputs}];\n";

    private static string Model(string name, string layers, bool momentum = true) =>
        "using ConservationCodegen;\n#pragma warning disable CCG0101\n"
        + (momentum ? "[ConservationModel(Optimizer = OptimizerKind.Momentum)]" : "[ConservationModel]")
        + $"\npublic partial class {name}\n{{\n{layers}}}\n";

    private static Diagnostic MomentumDiagnostic(GeneratorHarness.Run run)
    {
        run.Errors.ShouldBeEmpty();
        var d = run.Diagnostics.Single(x => x.Id == "CCG0107");
        d.Severity.ShouldBe(DiagnosticSeverity.Info);
        d.Location.IsInSource.ShouldBeTrue();
        d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan).ShouldStartWith("ConservationModel");
        d.Descriptor.HelpLinkUri.ShouldEndWith("CCG0107.md");
        return d;
    }

    private static string Message(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void A_relu_network_keeps_no_law_under_momentum()
    {
        var run = GeneratorHarness.Generate(Model("Relu", Dense("W1", 2, 3, ", Activation = Activation.ReLU") + Dense("W2", 3, 2)));
        var message = Message(MomentumDiagnostic(run));
        message.ShouldContain("'Relu' keeps no conservation law under momentum (certified");
        message.ShouldContain("It has no momentum charge to check: only the drift of the gradient-flow laws can be monitored under momentum");
        run.Source("MomentumCharges.g.cs").ShouldContain("public const int MomentumChargeCount = 0;");
    }

    [Fact]
    public void A_softmax_cross_entropy_model_is_not_counted_under_momentum_and_says_why()
    {
        var source = Model("Ce", Dense("W1", 2, 3, ", Activation = Activation.ReLU") + Dense("W2", 3, 2))
            .Replace("[ConservationModel(Optimizer = OptimizerKind.Momentum)]", "[ConservationModel(Optimizer = OptimizerKind.Momentum, Loss = Loss.SoftmaxCrossEntropy)]");
        var run = GeneratorHarness.Generate(source);
        var message = Message(MomentumDiagnostic(run));
        message.ShouldContain("'Ce' was not counted under momentum (The momentum flow is counted for every loss only; a model declared with softmax cross-entropy");
        run.Source(".Conservation.g.cs").ShouldContain("public const int IndependentLawCount = 6;"); // 3 balances + 3 column sums of W2 (no bias)
    }

    [Fact]
    public void A_tanh_network_is_not_told_to_monitor_gradient_flow_laws_it_does_not_have()
    {
        // tanh cuts every law: the model emits none, so "only the drift of the gradient-flow laws can be monitored"
        // would point at nothing.
        var run = GeneratorHarness.Generate(Model("Tanh", Dense("W1", 2, 3, ", Activation = Activation.Tanh") + Dense("W2", 3, 2)));
        run.Source(".Conservation.g.cs").ShouldContain("public const int PolynomialLawCount = 0;");
        var message = Message(MomentumDiagnostic(run));
        message.ShouldContain("'Tanh' keeps no conservation law under momentum (certified");
        message.ShouldNotContain("drift of the gradient-flow laws");
        message.ShouldContain("It has no momentum charge to check: it emits no gradient-flow law either");
    }

    [Theory]
    [InlineData(2, 3, 2)]
    [InlineData(2, 3, 1)]
    [InlineData(2, 2, 2)]
    public void A_linear_pair_with_more_than_one_input_or_output_keeps_exactly_its_charges(int inputs, int width, int outputs)
    {
        // Its momentum laws are the width·(width − 1)/2 rotation charges, certified by the exact count.
        int charges = width * (width - 1) / 2;
        var run = GeneratorHarness.Generate(Model("Pair", Dense("W1", inputs, width) + Dense("W2", width, outputs)));
        var message = Message(MomentumDiagnostic(run));
        string laws = charges == 1 ? "1 independent conservation law" : $"{charges} independent conservation laws";
        message.ShouldContain($"'Pair' keeps {laws} under momentum (certified by exact computation");
        message.ShouldContain(charges == 1 ? "checks its momentum charge" : $"checks its {charges} momentum charges");
        run.Source("MomentumCharges.g.cs").ShouldContain($"public const int MomentumChargeCount = {charges};");
    }

    [Fact]
    public void A_scalar_linear_pair_keeps_more_laws_than_charges_with_high_probability_only()
    {
        var run = GeneratorHarness.Generate(Model("Scalar", Dense("W1", 1, 3) + Dense("W2", 3, 1)));
        var message = Message(MomentumDiagnostic(run));
        message.ShouldContain("'Scalar' keeps 6 independent conservation laws under momentum with high probability");
        message.ShouldContain("not certified");
        message.ShouldContain("3 of them from its momentum charges");
        message.ShouldContain("checks its 3 momentum charges");
    }

    [Fact]
    public void Relu_networks_of_mnist_size_keep_no_law_under_momentum_certified_within_the_build()
    {
        // Two layers: one hidden unit stands for all; deeper: one chain of one unit per hidden level. The budget's wall-clock
        // limit stops a count on a heavily loaded machine, so this test gives it room; that the count fits the default
        // budget (about 0.3 s at this size) is measured in docs/benchmarks.md, "Momentum", not asserted under load.
        var room = new Dictionary<string, string> { ["ConservationCodegenAnalysisBudgetMs"] = "60000" };
        var wide = GeneratorHarness.Generate(Model("Mlp", Dense("W1", 784, 128, ", Activation = Activation.ReLU") + Dense("W2", 128, 10)), room);
        Message(MomentumDiagnostic(wide)).ShouldContain("'Mlp' keeps no conservation law under momentum (certified");
        var deep = GeneratorHarness.Generate(Model("Deep",
            Dense("W1", 784, 256, ", Activation = Activation.ReLU") + Dense("W2", 256, 128, ", Activation = Activation.ReLU") + Dense("W3", 128, 10)), room);
        Message(MomentumDiagnostic(deep)).ShouldContain("'Deep' keeps no conservation law under momentum (certified");
    }

    [Fact]
    public void A_model_too_large_to_count_says_so_and_calls_the_charges_a_lower_bound()
    {
        var run = GeneratorHarness.Generate(Model("Big", Dense("W1", 784, 128) + Dense("W2", 128, 10)));
        var message = Message(MomentumDiagnostic(run));
        message.ShouldContain("'Big' was not counted under momentum at this size (Segment 1 is not counted: its momentum count on a phase space of");
        message.ShouldContain("Its 8128 momentum charges are conservation laws of the momentum flow, so the number of laws is at least the number of independent ones among them");
        message.ShouldNotContain("keeps");
    }

    [Fact]
    public void Without_the_option_there_is_no_momentum_diagnostic_and_the_code_is_the_same()
    {
        string layers = Dense("W1", 2, 3) + Dense("W2", 3, 2);
        var plain = GeneratorHarness.Generate(Model("Pair", layers, momentum: false));
        plain.Diagnostics.ShouldNotContain(x => x.Id == "CCG0107");
        var momentum = GeneratorHarness.Generate(Model("Pair", layers));
        momentum.Result.GeneratedSources.Select(s => s.SourceText.ToString())
            .ShouldBe(plain.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void The_emitted_charges_are_one_kernel_call_per_level_and_named_like_the_laws()
    {
        var run = GeneratorHarness.Generate(Model("Deep", Dense("W1", 2, 3) + Dense("W2", 3, 4) + Dense("W3", 4, 2), momentum: false));
        var source = run.Source("MomentumCharges.g.cs");
        source.ShouldContain("public const int MomentumChargeCount = 9;"); // 3 + 6
        // Hidden1: A = W1 at 0 (3 rows of 2), B = W2 at 6 (4 rows of 3); Hidden2: A = W2, B = W3 at 18.
        source.ShouldContain("MomentumCharges.Evaluate(thetaPrevious, velocity, 0, 2, -1, 6, 4, 3, 1, destination.Slice(0, 3));");
        source.ShouldContain("MomentumCharges.Evaluate(thetaPrevious, velocity, 6, 3, -1, 18, 2, 4, 1, destination.Slice(3, 6));");
        source.ShouldContain("MomentumCharges.Names(names, 0, 3, \"Hidden1\");");
        source.ShouldContain("MomentumCharges.Names(names, 3, 4, \"Hidden2\");");
        source.ShouldContain("void global::ConservationCodegen.IConservationModel.ComputeMomentumCharges(");
    }
}
