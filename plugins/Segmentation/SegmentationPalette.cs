namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// The fixed colours of the segmentation codec, in [-1, 1]³: slot k (1-based) is painted <see cref="Colours"/>[k − 1],
/// the background (-1, -1, -1). Colours are the points of the grid {-1, 0, 1}³ other than the background — the
/// seven far corners first (pairwise distance ≥ 2), then the rest (any two at least 1 apart).
/// </summary>
public static class SegmentationPalette
{
    /// <summary>Largest distance from a palette colour at which a decoded pixel still takes that colour (half the spacing).</summary>
    public const float Tolerance = 0.5f;

    /// <summary>The background colour.</summary>
    public static IReadOnlyList<float> Background { get; } = [-1f, -1f, -1f];

    /// <summary>Slot colours, (r, g, b) each in [-1, 1]; slot k uses entry k − 1.</summary>
    public static IReadOnlyList<float[]> Colours { get; } = Build();

    /// <summary>Most instances one clip's target can hold.</summary>
    public static int MaxSlots => Colours.Count;

    private static float[][] Build()
    {
        var grid = new List<float[]>();
        for (var r = -1; r <= 1; r++)
            for (var g = -1; g <= 1; g++)
                for (var b = -1; b <= 1; b++)
                    if (!(r == -1 && g == -1 && b == -1)) grid.Add([r, g, b]);
        // Corners (every component ±1) first, in a stable order; ties keep grid order.
        return grid.OrderBy(c => c.Count(v => v == 0)).ToArray();
    }
}
