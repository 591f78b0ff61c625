namespace ConservationCodegen.Engine.Fields;

using ConservationCodegen.Engine.Arithmetic;

/// <summary>A vector field built from gradient fields of φ by Lie brackets, evaluable at a point on jets.</summary>
internal abstract class FieldExpression
{
    /// <summary>Evaluates the field at θ (jets with q infinitesimals, <paramref name="size"/> = 2^q coefficients per parameter).</summary>
    public abstract uint[] Evaluate(uint[] theta, int size);

    /// <summary>Bracket depth (1 for a gradient field).</summary>
    public abstract int Length { get; }
}

/// <summary>[X, Y](θ) = DY(θ)·X(θ) − DX(θ)·Y(θ), directional derivatives by one more infinitesimal.</summary>
internal sealed class BracketField : FieldExpression
{
    private readonly FieldExpression _x;
    private readonly FieldExpression _y;
    private readonly System.Threading.CancellationToken _cancellation;

    /// <param name="x">The left field.</param>
    /// <param name="y">The right field.</param>
    /// <param name="cancellationToken">Checked before each of the four evaluations: a long bracket on a large segment takes seconds.</param>
    public BracketField(FieldExpression x, FieldExpression y, System.Threading.CancellationToken cancellationToken = default)
    {
        _x = x;
        _y = y;
        _cancellation = cancellationToken;
    }

    public override int Length => _x.Length + _y.Length;

    public override uint[] Evaluate(uint[] theta, int size)
    {
        int n = theta.Length / size;
        _cancellation.ThrowIfCancellationRequested();
        var x = _x.Evaluate(theta, size);
        var y = _y.Evaluate(theta, size);
        _cancellation.ThrowIfCancellationRequested();
        var dyx = JetAlgebra.TopDerivative(_y.Evaluate(JetAlgebra.Lift(theta, x, n, size), size * 2), n, size);
        _cancellation.ThrowIfCancellationRequested();
        var dxy = JetAlgebra.TopDerivative(_x.Evaluate(JetAlgebra.Lift(theta, y, n, size), size * 2), n, size);
        for (int i = 0; i < dyx.Length; i++) dyx[i] = ModP.Sub(dyx[i], dxy[i]);
        return dyx;
    }
}
