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
