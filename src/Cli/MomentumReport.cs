using System.Globalization;
using System.IO;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Cli;

/// <summary>
/// The report of <c>--flow momentum</c>: how many independent laws the momentum flow τθ̈ + θ̇ = −∇L keeps, and on what
/// the number rests. The same count fields as the gradient-flow report, plus <c>flow</c>.
/// </summary>
internal static class MomentumReport
{
    public static void WriteText(ModelDescription model, MomentumCountResult r, TextWriter output, LayerRates? rates = null)
    {
        output.WriteLine("Model:      " + model);
        output.WriteLine(rates is null
            ? "Flow:       momentum, τθ'' + θ' = −∇L (laws are functions of θ + τθ' and τe^{t/τ}θ')"
            : "Flow:       momentum with layer rates, τθ'' + θ' = −M∇L, M = diag(η) with η = " + rates + " per layer (laws are functions of θ + τθ' and τe^{t/τ}θ')");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Parameters: D = {0} (phase space 2D = {1})", r.ParameterCount, 2L * r.ParameterCount));
        if (r.Status == AnalysisStatus.Invalid) return;
        output.WriteLine("Laws:       " + FlowReportParts.CountText(r.IndependentLawCount, r.Complete, r.CountIsExact, r.Certificate));
        if (r.ChargeRank is int charges && charges > 0)
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "Charges:    {0} independent rotation charge{1} J = <Xa, " + (rates is null ? "b" : "M⁻¹b") + ">/τ (from the so(w) symmetries of linear hidden layers)", charges, charges == 1 ? "" : "s"));
        foreach (var note in r.Notes) output.WriteLine("Note:       " + note);
        if (r.Message is { Length: > 0 } message) output.WriteLine("Stopped:    " + message);
    }

    public static void WriteJson(ModelDescription model, MomentumCountResult r, TextWriter output, LayerRates? rates = null) =>
        FlowReportParts.WriteJson(output, r.Status.ToString(), r.Message, model.ToString(), "momentum", rates, r.ParameterCount,
            r.IndependentLawCount, r.CountIsExact, r.Complete, r.Certificate, w =>
            {
                FlowReportParts.Number(w, "lieRank", r.LieRank);
                FlowReportParts.Number(w, "generatorRank", r.GeneratorRank);
                FlowReportParts.Number(w, "chargeCount", r.ChargeRank);
                FlowReportParts.Number(w, "bracketRounds", r.BracketRounds);
                w.WriteStartArray("notes");
                foreach (var note in r.Notes) w.WriteStringValue(note);
                w.WriteEndArray();
            });
}
