namespace ConservationCodegen.Engine.DenseChain;

using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;

/// <summary>χ_g = ∇f_g for a product-form cotangent g of a dense segment: a random element of W_φ.</summary>
internal sealed class GatedGradientField : FieldExpression
{
    private readonly ModelDescription _model;
    private readonly Segment _segment;
    private readonly Gates _gates;

    public GatedGradientField(ModelDescription model, Segment segment, Gates gates)
    {
        _model = model;
        _segment = segment;
        _gates = gates;
    }

    public override int Length => 1;

    public override uint[] Evaluate(uint[] theta, int size) => GatedGradient.Evaluate(_model, _segment, _gates, theta, size);
}
