namespace UnityVideo.Core.Training;

/// <summary>
/// Where training batches come from: clips grouped by the modality set they carry, walked in a seeded order whose
/// position is checkpointed. <see cref="TrainingData"/> serves pixel clips (the DiT backbone),
/// <see cref="Backbones.Wan.LatentTrainingData"/> VAE latents (the Wan backbone).
/// </summary>
public interface ITrainingData : IDisposable
{
    /// <summary>The dataset folder (for messages).</summary>
    string Directory { get; }

    /// <summary>The data order's position; set it to continue a run.</summary>
    DataPosition Position { get; set; }

    /// <summary>Dataset indices of the clips carrying every modality of <paramref name="set"/>.</summary>
    IReadOnlyList<int> ClipsWith(IReadOnlyList<string> set);

    /// <summary>The largest prefix of <paramref name="set"/> that some clip carries completely (empty when none carries the first).</summary>
    IReadOnlyList<string> CarriedPrefix(IReadOnlyList<string> set);

    /// <summary>The next <paramref name="count"/> clips carrying <paramref name="set"/>; prompts drawn from <paramref name="random"/>.</summary>
    TrainingBatch Next(IReadOnlyList<string> set, int count, Random random);
}
