using System;

namespace Optimizers;

/// <summary>
/// Digit-like 28×28 images without a download: each class is a seven-segment digit drawn with a random shift, stroke
/// width and brightness, plus noise — enough structure for a real training curve.
/// </summary>
internal static class SyntheticDigits
{
    public const int Side = 28, Pixels = Side * Side, Classes = 10;

    // Segments a–g of a seven-segment display: (x0, y0, x1, y1) on a 10×16 grid.
    private static readonly (int X0, int Y0, int X1, int Y1)[] Segments =
    {
        (1, 0, 9, 0), (9, 0, 9, 8), (9, 8, 9, 16), (1, 16, 9, 16), (1, 8, 1, 16), (1, 0, 1, 8), (1, 8, 9, 8),
    };

    private static readonly string[] Lit = { "abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg" };

    /// <summary>Fills <paramref name="images"/> (row-major, one 784-pixel row per sample) and one-hot <paramref name="labels"/>.</summary>
    public static void Generate(int count, int seed, double[] images, double[] labels, int[] classes)
    {
        var rng = new Random(seed);
        Array.Clear(images);
        Array.Clear(labels);
        for (int s = 0; s < count; s++)
        {
            int digit = rng.Next(Classes);
            classes[s] = digit;
            labels[s * Classes + digit] = 1;
            var image = images.AsSpan(s * Pixels, Pixels);
            double scale = 1.1 + rng.NextDouble() * 0.3, width = 0.9 + rng.NextDouble() * 0.9, brightness = 0.7 + rng.NextDouble() * 0.3;
            double dx = 4 + rng.NextDouble() * 6, dy = 1 + rng.NextDouble() * 3, slant = (rng.NextDouble() - 0.5) * 0.3;
            foreach (char c in Lit[digit])
            {
                var (x0, y0, x1, y1) = Segments[c - 'a'];
                for (double t = 0; t <= 1; t += 0.02)
                {
                    double y = dy + scale * (y0 + t * (y1 - y0));
                    double x = dx + scale * (x0 + t * (x1 - x0)) * 0.9 + slant * (16 - y);
                    Stamp(image, x, y, width, brightness);
                }
            }

            for (int p = 0; p < Pixels; p++) image[p] = Math.Clamp(image[p] + (rng.NextDouble() - 0.5) * 0.2, 0, 1);
        }
    }

    private static void Stamp(Span<double> image, double cx, double cy, double radius, double value)
    {
        for (int y = (int)(cy - radius - 1); y <= (int)(cy + radius + 1); y++)
            for (int x = (int)(cx - radius - 1); x <= (int)(cx + radius + 1); x++)
            {
                if ((uint)x >= Side || (uint)y >= Side) continue;
                double d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                if (d <= radius) image[y * Side + x] = Math.Max(image[y * Side + x], value * (1 - 0.3 * d / radius));
            }
    }
}
