namespace UnityVideo.Host.Configuration;

/// <summary>The configuration is missing, malformed or invalid. <see cref="Errors"/> lists every problem with its key.</summary>
public sealed class UnityVideoConfigurationException : Exception
{
    /// <summary>A single problem.</summary>
    public UnityVideoConfigurationException(string message) : base(message) => Errors = [new ConfigurationError("", message)];

    /// <summary>Several problems, reported together.</summary>
    public UnityVideoConfigurationException(IReadOnlyList<ConfigurationError> errors)
        : base($"Invalid configuration ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):" + Environment.NewLine +
               string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
        => Errors = errors;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }
}
