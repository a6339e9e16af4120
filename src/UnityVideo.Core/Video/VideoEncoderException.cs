namespace UnityVideo.Core.Video;

/// <summary>
/// The video encoder (Debian's <c>ffmpeg</c>) is missing, lacks H.264, or failed on a file. An <see cref="IOException"/>,
/// so the CLI reports it as one <c>error:</c> line; the message says what to install or which file failed.
/// </summary>
public sealed class VideoEncoderException : IOException
{
    /// <summary>Creates the exception with a message that names the file or the missing program.</summary>
    public VideoEncoderException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
