namespace UnityVideo.Core.Data;

/// <summary>
/// A dataset file (clip shard or manifest) is missing, truncated, or does not hold what the format promises.
/// One exception type for every such problem, with the offending file first in the message, so a bad dataset
/// fails at load time with a clear line instead of deep inside training.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public DatasetFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The offending file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
