namespace UnityVideo.Core.IO;

/// <summary>A safetensors file is malformed or does not hold what the caller expects. The message names the file.</summary>
public sealed class SafetensorsFormatException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    /// <summary>The offending file.</summary>
    public string FilePath { get; } = path;

    /// <summary>The problem, without the file name.</summary>
    public string Problem { get; } = problem;
}
