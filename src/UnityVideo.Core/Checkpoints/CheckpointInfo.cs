using UnityVideo.Core.Model;

namespace UnityVideo.Core.Checkpoints;

/// <summary>What a checkpoint's header says, read without loading any tensor.</summary>
/// <param name="Config">The model configuration it was saved with.</param>
/// <param name="StreamChannels">Stream kinds ("rgb" first) and their channel counts.</param>
/// <param name="Metadata">All <c>__metadata__</c> entries (including caller extras such as the training step).</param>
public sealed record CheckpointInfo(DiTConfig Config, IReadOnlyDictionary<string, int> StreamChannels, IReadOnlyDictionary<string, string> Metadata);
