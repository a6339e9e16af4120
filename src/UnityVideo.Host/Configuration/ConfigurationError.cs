namespace UnityVideo.Host.Configuration;

/// <summary>One configuration problem.</summary>
/// <param name="Key">The colon-separated key, e.g. "Training:LearningRate"; empty for file-level problems.</param>
/// <param name="Message">What is wrong, e.g. "must be greater than 0".</param>
/// <param name="Source">Which layer set the value (e.g. "experiment.json"), when known.</param>
public sealed record ConfigurationError(string Key, string Message, string? Source = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        (Key.Length > 0 ? Key + ": " : "") + Message + (Source is null ? "" : $" (set in {Source})");
}
