using System;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

public sealed class ActivationMappingTests
{
    [Fact]
    public void EngineActivationKindMirrorsThePublicActivationEnum()
    {
        // The generator casts the attribute's Activation value to ActivationKind: names and values must agree.
        Enum.GetNames<ActivationKind>().ShouldBe(Enum.GetNames<Activation>());
        foreach (var kind in Enum.GetValues<ActivationKind>())
            ((int)Enum.Parse<Activation>(kind.ToString())).ShouldBe((int)kind);
    }
}

public sealed class NormalizationMappingTests
{
    [Fact]
    public void EngineNormalizationKindMirrorsThePublicNormalizationEnum()
    {
        // The generator will cast the attribute's Normalization value to NormalizationKind: names and values must agree.
        Enum.GetNames<NormalizationKind>().ShouldBe(Enum.GetNames<global::ConservationCodegen.Normalization>());
        foreach (var kind in Enum.GetValues<NormalizationKind>())
            ((int)Enum.Parse<global::ConservationCodegen.Normalization>(kind.ToString())).ShouldBe((int)kind);
    }
}

public sealed class ActivationTableTests
{
    [Fact]
    public void The_shared_table_of_the_analyzers_and_the_generator_agrees_with_the_engine()
    {
        // ActivationTable (src/Shared, compiled into the analyzers and the generator) decides CCG0006 and CCG0007;
        // the engine's ActivationKinds decides the segments. One value table for both, including undefined values.
        for (int value = -3; value <= 12; value++)
        {
            var activation = (Activation)value;
            var kind = (ActivationKind)value;
            bool defined = Enum.IsDefined(kind);
            ActivationTable.IsDefined(activation).ShouldBe(defined, value.ToString());
            if (!defined)
            {
                ActivationTable.CutsModel(activation).ShouldBeFalse(); // undefined values are CCG0007, not cuts
                continue;
            }

            ActivationTable.IsPositivelyHomogeneous(activation).ShouldBe(ActivationKinds.IsPositivelyHomogeneous(kind), kind.ToString());
            ActivationTable.CutsModel(activation).ShouldBe(ActivationKinds.CutsModel(kind), kind.ToString());
            ActivationTable.HasDegree(activation).ShouldBe(ActivationKinds.HasDegree(kind), kind.ToString());
            var withBeta = new LayerSpec(2, 2, kind, false) { BetaName = "Beta1" };
            ActivationTable.CutsModel(activation, trainableBeta: true).ShouldBe(ActivationKinds.CutsModel(withBeta), kind.ToString());
        }
    }
}
