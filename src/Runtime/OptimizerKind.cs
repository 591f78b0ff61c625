namespace ConservationCodegen;

/// <summary>
/// The optimizer a model is meant to be trained with, for <see cref="ConservationModelAttribute.Optimizer"/>: it decides
/// which conservation laws the generator reports on. (Not named <c>Optimizer</c>: that is the base class of the
/// optimizers in <c>ConservationCodegen.Training</c>, and a type of the same name here would make <c>Optimizer</c>
/// ambiguous, CS0104, in every file that uses both namespaces.)
/// </summary>
public enum OptimizerKind
{
    /// <summary>Gradient descent (SGD, with or without weight decay): the laws the generator emits are its laws. The default.</summary>
    GradientDescent = 0,

    /// <summary>
    /// Heavy-ball momentum: the generator also counts the laws of the momentum flow and reports how many survive
    /// (CCG0107); the momentum charges it emits for every linear run are checked by the <c>HeavyBall</c> optimizer.
    /// </summary>
    Momentum = 1,
}
