namespace UnityVideo.Cli;

/// <summary>A verb was called with arguments it cannot act on; the message says what to change.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
