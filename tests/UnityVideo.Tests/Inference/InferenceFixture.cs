using UnityVideo.Core.Modalities;
using UnityVideo.Core.Training;
using UnityVideo.Tests.Host;
using UnityVideo.Tests.Training;

namespace UnityVideo.Tests.Inference;

/// <summary>
/// A tiny model trained for 3 steps on 3 synthetic clips (4 frames of 16²) with the bundled depth and flow plugins:
/// its run folder's model.safetensors (EMA weights) and its step checkpoint (model, EMA, optimiser).
/// </summary>
public sealed class InferenceFixture : IDisposable
{
    private readonly TempDir dir = new();

    public InferenceFixture()
    {
        Plugins = HostFactory.Start().Catalog.All;
        Registry = Plugins.Subset(["depth", "flow"]);
        Data = TrainingTestKit.Dataset(dir.File("data"), clips: 3);
        var result = new Trainer(TrainingTestKit.Config(), Registry, TrainingTestKit.Options(3), cacheBytes: 0)
            .Run(TrainingTestKit.Request(Data, dir.File("run")));
        ModelPath = result.ModelPath!;
        StepCheckpoint = result.Checkpoint!;
    }

    /// <summary>Every bundled plugin's modalities, annotators and metrics.</summary>
    public ModalityRegistry Plugins { get; }

    /// <summary>The modalities the model was trained on (depth, flow).</summary>
    public ModalityRegistry Registry { get; }

    /// <summary>Dataset folder (3 clips of 4 frames of 16²).</summary>
    public string Data { get; }

    /// <summary>The run's final model.safetensors.</summary>
    public string ModelPath { get; }

    /// <summary>checkpoints/step-000003.safetensors.</summary>
    public string StepCheckpoint { get; }

    /// <summary>Path of clip <paramref name="i"/> of the dataset.</summary>
    public string Clip(int i) => Core.Data.ClipDataset.Open(Data).PathOf(i);

    public void Dispose() => dir.Dispose();
}
