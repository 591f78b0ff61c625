using ConservationCodegen;

namespace ConservationCodegen.Integration.Tests;

// CCG0101 is silenced for this folder by its .editorconfig (severity = none), not by a pragma.
public static partial class Outer
{
    [ConservationModel]
    public partial record NestedLinear
    {
        [Dense(2, 3)]
        public double[,] W1 { get; set; } = new double[3, 2];

        [Dense(3, 2)]
        public double[,] W2 { get; set; } = new double[2, 3];
    }
}
