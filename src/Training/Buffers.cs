namespace ConservationCodegen.Training;

/// <summary>Reusable work arrays, so steps after the first allocate nothing.</summary>
internal static class Buffers
{
    /// <summary>The array in <paramref name="field"/>, replaced by a new one when it is not exactly <paramref name="length"/> long.</summary>
    public static double[] Ensure(ref double[]? field, int length)
    {
        if (field is null || field.Length != length) field = new double[length];
        return field;
    }
}
