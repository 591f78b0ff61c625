using ConservationCodegen;

namespace MatrixFactorization;

// A linear factorisation Y ≈ W2·W1 (W1: 8×3, W2: 4×8). Its laws are the Gram entries of W1W1ᵀ − W2ᵀW2 (the imbalance,
// up to sign); rotations of the hidden layer are symmetries without a law (CCG0101, information only).
[ConservationModel]
public partial class LinearPair
{
    [Dense(3, 8)]
    public double[,] W1 = new double[8, 3];

    [Dense(8, 4)]
    public double[,] W2 = new double[4, 8];
}
