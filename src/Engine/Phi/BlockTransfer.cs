using System.Collections.Generic;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Phi;

/// <summary>The arithmetic a block's transfer needs: sums and products by one parameter.</summary>
internal interface IBlockAlgebra<T>
{
    T Zero { get; }
    T One { get; }
    T Variable(int index);
    T MulVariable(int index, T value);
    T Add(T a, T b);
}

/// <summary>
/// One linear run multiplied out on the columns φ distinguishes: an input column per (input unit, taps of the
/// run's multi-tap layers), a bias column per taps of the multi-tap layers after the bias (biases whose paths cross the
/// same taps share a column, as the biases of a dense run share its effective bias). Input columns come first, unit by
/// unit, taps in layer order; then the bias columns, the earliest bias first. A run of diagonal layers only joins unit
/// y to unit y, so its other input columns are no component of φ (<see cref="Reaches"/>).
/// </summary>
internal sealed class BlockTransfer<T>
{
    private BlockTransfer(List<int> inputUnit, List<bool> isBias, T[][] values, bool diagonal)
    {
        InputUnit = inputUnit;
        IsBias = isBias;
        Values = values;
        AllDiagonal = diagonal;
    }

    /// <summary>Input unit of every column (−1 for bias columns).</summary>
    public List<int> InputUnit { get; }

    /// <summary>True for bias columns.</summary>
    public List<bool> IsBias { get; }

    /// <summary>Values[x][column] for output unit x.</summary>
    public T[][] Values { get; }

    /// <summary>True when every layer of the run is diagonal.</summary>
    public bool AllDiagonal { get; }

    /// <summary>True when output unit x depends on column <paramref name="column"/> at all.</summary>
    public bool Reaches(int x, int column) => IsBias[column] || !AllDiagonal || InputUnit[column] == x;

    public static BlockTransfer<T> Of(ModelDescription model, PhiBlock block, IBlockAlgebra<T> algebra)
    {
        int first = block.Layers[0];
        int units = model.Shapes[first].Inputs;
        var inputUnit = new List<int>();
        var isBias = new List<bool>();
        var cur = new List<T[]>(); // cur[column][unit]
        for (int y = 0; y < units; y++)
        {
            inputUnit.Add(y);
            isBias.Add(false);
            var column = new T[units];
            for (int u = 0; u < units; u++) column[u] = u == y ? algebra.One : algebra.Zero;
            cur.Add(column);
        }

        bool diagonal = true;
        int emptyBias = -1; // the bias column whose paths have crossed no multi-tap layer yet
        foreach (int k in block.Layers)
        {
            var shape = model.Shapes[k];
            diagonal &= shape.Diagonal;
            int w = model.WeightOffset(k), taps = shape.Taps;
            var nextInput = new List<int>();
            var nextBias = new List<bool>();
            var next = new List<T[]>();
            for (int col = 0; col < cur.Count; col++)
            {
                for (int p = 0; p < taps; p++)
                {
                    var column = new T[shape.Outputs];
                    for (int r = 0; r < shape.Outputs; r++)
                    {
                        if (shape.Diagonal)
                        {
                            column[r] = algebra.MulVariable(w + r, cur[col][r]);
                            continue;
                        }

                        T sum = algebra.Zero;
                        for (int c = 0; c < shape.Inputs; c++)
                            sum = algebra.Add(sum, algebra.MulVariable(w + (int)shape.EdgeOffset(r, c, p), cur[col][c]));
                        column[r] = sum;
                    }

                    next.Add(column);
                    nextInput.Add(inputUnit[col]);
                    nextBias.Add(isBias[col]);
                }
            }

            if (taps > 1) emptyBias = -1;
            if (model.Layers[k].HasBias)
            {
                int b = model.BiasOffset(k);
                if (emptyBias < 0)
                {
                    var column = new T[shape.Outputs];
                    for (int r = 0; r < shape.Outputs; r++) column[r] = algebra.Variable(b + r);
                    next.Add(column);
                    nextInput.Add(-1);
                    nextBias.Add(true);
                    emptyBias = next.Count - 1;
                }
                else
                {
                    for (int r = 0; r < shape.Outputs; r++) next[emptyBias][r] = algebra.Add(next[emptyBias][r], algebra.Variable(b + r));
                }
            }

            cur = next;
            inputUnit = nextInput;
            isBias = nextBias;
        }

        int outputs = block.Outputs;
        var values = new T[outputs][];
        for (int x = 0; x < outputs; x++)
        {
            values[x] = new T[cur.Count];
            for (int col = 0; col < cur.Count; col++) values[x][col] = cur[col][x];
        }

        return new BlockTransfer<T>(inputUnit, isBias, values, diagonal);
    }
}
