namespace UnityVideo.Core.Video;

/// <summary>
/// How a source frame is fitted to the output: scaled (keeping its aspect) so it covers H × W — the shorter side,
/// relative to the output's aspect, matches — then centre-cropped.
/// </summary>
/// <param name="ResizedHeight">Height after scaling (≥ the output height).</param>
/// <param name="ResizedWidth">Width after scaling (≥ the output width).</param>
/// <param name="Top">First row of the crop in the scaled frame.</param>
/// <param name="Left">First column of the crop in the scaled frame.</param>
/// <param name="Shrinks">True when the frame gets smaller (an area filter is used then, linear otherwise).</param>
internal readonly record struct FrameFit(int ResizedHeight, int ResizedWidth, int Top, int Left, bool Shrinks)
{
    /// <summary>The fit of a <paramref name="sourceHeight"/> × <paramref name="sourceWidth"/> frame to <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static FrameFit Cover(int sourceHeight, int sourceWidth, int height, int width)
    {
        var scale = Math.Max((double)height / sourceHeight, (double)width / sourceWidth);
        var rh = Math.Max(height, (int)Math.Round(sourceHeight * scale));
        var rw = Math.Max(width, (int)Math.Round(sourceWidth * scale));
        return new FrameFit(rh, rw, (rh - height) / 2, (rw - width) / 2, scale < 1);
    }
}
