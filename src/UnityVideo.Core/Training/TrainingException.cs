namespace UnityVideo.Core.Training;

/// <summary>
/// Training cannot start or go on, for a reason the message states in one line (naming the file, modality,
/// stage or key involved): a modality without codec, a dataset of the wrong clip size, a checkpoint of a
/// different configuration, a loss that became NaN, …
/// </summary>
public sealed class TrainingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public TrainingException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public TrainingException() { }
}
