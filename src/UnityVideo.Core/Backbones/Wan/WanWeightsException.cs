namespace UnityVideo.Core.Backbones.Wan;

/// <summary>A weight file or folder does not fit the Wan DiT it is loaded into; the message names the file and key.</summary>
public sealed class WanWeightsException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public WanWeightsException(string path, string message) : base($"{path}: {message}") => Path = path;

    /// <summary>The file or folder.</summary>
    public string Path { get; }
}
