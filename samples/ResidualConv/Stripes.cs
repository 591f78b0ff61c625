using System;

namespace ResidualConv;

/// <summary>Synthetic 8×8 images of four classes: a horizontal bar, a vertical bar, a diagonal, or a 3×3 blob, at a random place, with noise.</summary>
public static class Stripes
{
    /// <summary>Draws one image (row-major 8×8) and its one-hot target.</summary>
    public static void Draw(Random rng, Span<double> image, Span<double> target, out int label)
    {
        label = rng.Next(4);
        int a = rng.Next(8), b = rng.Next(6);
        for (int i = 0; i < image.Length; i++) image[i] = 0.2 * (rng.NextDouble() - 0.5);
        for (int t = 0; t < 8; t++)
        {
            switch (label)
            {
                case 0: image[a * 8 + t] += 1; break;
                case 1: image[t * 8 + a] += 1; break;
                case 2: image[t * 8 + (t + a) % 8] += 1; break;
                default: if (t < 3) for (int u = 0; u < 3; u++) image[(b + t) * 8 + (a % 6) + u] += 1; break;
            }
        }

        target.Clear();
        target[label] = 1;
    }
}
