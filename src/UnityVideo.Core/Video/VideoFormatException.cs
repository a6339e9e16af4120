namespace UnityVideo.Core.Video;

/// <summary>
/// A video file cannot be used: missing, empty, corrupt, in a format the decoder cannot open, or too short for
/// the clip asked for. The message names the file.
/// </summary>
public sealed class VideoFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="problem">What is wrong, as a phrase ("has no frames").</param>
    /// <param name="inner">The underlying error, if any.</param>
    public VideoFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The video file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
