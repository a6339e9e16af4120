namespace UnityVideo.Core.Checkpoints;

/// <summary>
/// The two checkpoint formats in one place: a model file (<see cref="ModelCheckpoint"/>: weights, configuration,
/// streams) and a resumable training checkpoint (the same plus EMA weights, optimiser moments and the training state),
/// both safetensors files told apart by their <see cref="FormatKey"/> metadata entry.
/// </summary>
public static class CheckpointFormat
{
    /// <summary>Metadata key naming the format.</summary>
    public const string FormatKey = "format";

    /// <summary><see cref="FormatKey"/> of a model file.</summary>
    public const string Model = "unityvideo.dit";

    /// <summary><see cref="FormatKey"/> of a training checkpoint.</summary>
    public const string Training = "unityvideo.train";

    /// <summary>Metadata key of the model configuration JSON.</summary>
    public const string ConfigKey = "config";

    /// <summary>Metadata key naming the trunk (<c>dit</c> or <c>wan</c>); a file without it holds a pixel DiT.</summary>
    public const string BackboneKey = "backbone";

    /// <summary>Metadata key of the stream-channel JSON (<c>{"rgb":3,"depth":1}</c>).</summary>
    public const string StreamsKey = "streams";

    /// <summary>Prefix of a training checkpoint's EMA tensors (the model's own tensors carry no prefix).</summary>
    public const string EmaPrefix = "ema.";

    /// <summary>Prefix of a training checkpoint's optimiser tensors.</summary>
    public const string OptimizerPrefix = "optim.";
}
