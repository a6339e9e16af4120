namespace UnityVideo.Core.Video;

/// <summary>What a video file says about itself.</summary>
/// <param name="Path">The file, as given.</param>
/// <param name="Fps">Frames per second of the source.</param>
/// <param name="FrameCount">Frames in the source (the container's count; counted by decoding when the container has none).</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
public sealed record VideoInfo(string Path, double Fps, int FrameCount, int Width, int Height)
{
    /// <summary>Duration in seconds (<see cref="FrameCount"/> / <see cref="Fps"/>).</summary>
    public double Seconds => FrameCount / Fps;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Width}x{Height}, {FrameCount} frames at {Fps:0.###} fps");
}
