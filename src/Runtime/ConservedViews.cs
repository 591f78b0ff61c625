using System;

namespace ConservationCodegen;

/// <summary>A read-only view of a symmetric matrix of conserved quantities (e.g. a hidden layer's Gram law), stored as its upper triangle.</summary>
public readonly struct ConservedSymmetricMatrix
{
    private readonly double[] _values;
    private readonly int _offset;

    /// <summary>Wraps the upper triangle (row-major, i ≤ j) starting at <paramref name="offset"/>.</summary>
    public ConservedSymmetricMatrix(double[] values, int offset, int size)
    {
        _values = values;
        _offset = offset;
        Size = size;
    }

    /// <summary>Number of rows (and columns).</summary>
    public int Size { get; }

    /// <summary>Entry Q[i, j] = Q[j, i].</summary>
    public double this[int i, int j]
    {
        get
        {
            if ((uint)i >= (uint)Size || (uint)j >= (uint)Size) throw new ArgumentOutOfRangeException(i >= Size ? nameof(i) : nameof(j));
            if (i > j) (i, j) = (j, i);
            return _values[_offset + i * Size - i * (i - 1) / 2 + (j - i)];
        }
    }

    /// <summary>A dense copy.</summary>
    public double[,] ToMatrix()
    {
        var m = new double[Size, Size];
        for (int i = 0; i < Size; i++)
            for (int j = 0; j < Size; j++)
                m[i, j] = this[i, j];
        return m;
    }
}

/// <summary>A read-only view of a vector of conserved quantities (e.g. per-neuron balances of a hidden layer).</summary>
public readonly struct ConservedVector
{
    private readonly double[] _values;
    private readonly int _offset;

    /// <summary>Wraps <paramref name="length"/> values starting at <paramref name="offset"/>.</summary>
    public ConservedVector(double[] values, int offset, int length)
    {
        _values = values;
        _offset = offset;
        Length = length;
    }

    /// <summary>Number of entries.</summary>
    public int Length { get; }

    /// <summary>Entry i.</summary>
    public double this[int i] => (uint)i < (uint)Length ? _values[_offset + i] : throw new ArgumentOutOfRangeException(nameof(i));

    /// <summary>The entries as a span.</summary>
    public ReadOnlySpan<double> AsSpan() => new(_values, _offset, Length);
}
