namespace UnityVideo.Core.Inference;

/// <summary>
/// Inference cannot run as asked: a checkpoint that is missing, unreadable or needs an absent plugin, a modality
/// the checkpoint does not know, or an input of the wrong size. The message names the file or option and says
/// what to change.
/// </summary>
public sealed class InferenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InferenceException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public InferenceException(string message, Exception inner) : base(message, inner) { }
}
