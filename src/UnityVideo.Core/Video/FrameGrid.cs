using TorchSharp;

namespace UnityVideo.Core.Video;

/// <summary>
/// Lays out equally-sized clips <c>[T, H, W, 3]</c> uint8 as a grid of panels (rows × columns) with a thin
/// separator, for previews and reports.
/// </summary>
public static class FrameGrid
{
    /// <summary>Separator width in pixels used when none is given.</summary>
    public const int DefaultSeparator = 2;

    /// <summary>Grey level of the separator lines: visible against black panels and white flow backgrounds.</summary>
    public const byte SeparatorShade = 96;

    /// <summary>
    /// Composes <paramref name="rows"/> (each a list of panels <c>[T, H, W, 3]</c> uint8 of one common shape) into
    /// one clip <c>[T, R·H + (R−1)·s, C·W + (C−1)·s, 3]</c>. Rows may have fewer panels than the widest row; the
    /// missing cells stay black.
    /// </summary>
    /// <param name="rows">Panels by row then column.</param>
    /// <param name="separator">Separator width s in pixels (0..16).</param>
    /// <exception cref="ArgumentException">No panels, or panels that differ in shape or are not uint8 RGB.</exception>
    public static torch.Tensor Compose(IReadOnlyList<IReadOnlyList<torch.Tensor>> rows, int separator = DefaultSeparator)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(separator);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(separator, 16);
        var first = rows.SelectMany(r => r).FirstOrDefault()
            ?? throw new ArgumentException("A grid needs at least one panel.", nameof(rows));
        FrameChecks.RequireClip(first, nameof(rows));
        long t = first.shape[0], h = first.shape[1], w = first.shape[2];
        var columns = rows.Max(r => r.Count);
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < rows[r].Count; c++)
            {
                var p = rows[r][c];
                FrameChecks.RequireClip(p, nameof(rows));
                if (!p.shape.SequenceEqual(first.shape))
                    throw new ArgumentException($"Panel ({r}, {c}) has shape [{string.Join(", ", p.shape)}] but the grid's panels are [{string.Join(", ", first.shape)}].", nameof(rows));
            }

        var height = rows.Count * h + (rows.Count - 1) * separator;
        var width = columns * w + (columns - 1) * separator;
        using var scope = torch.NewDisposeScope();
        var grid = torch.full([t, height, width, 3], SeparatorShade, torch.uint8, device: first.device); // [T, H', W', 3]
        for (var r = 0; r < rows.Count; r++)
        {
            var y = r * (h + separator);
            for (var c = 0; c < columns; c++)
            {
                var x = c * (w + separator);
                var cell = grid.narrow(1, y, h).narrow(2, x, w); // [T, H, W, 3] view
                if (c < rows[r].Count) cell.copy_(rows[r][c]);
                else cell.zero_();
            }
        }
        return grid.MoveToOuterDisposeScope();
    }
}
