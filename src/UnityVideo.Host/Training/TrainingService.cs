using TorchSharp;
using UnityVideo.Core.Training;

namespace UnityVideo.Host.Training;

/// <summary>
/// The training engine as a service (registered by <c>AddUnityVideo</c>): builds a <see cref="Trainer"/> from the
/// validated settings — model preset, enabled modalities, training options, device — and runs it.
/// </summary>
public sealed class TrainingService(UnityVideoStartup startup)
{
    /// <summary>A trainer for the current settings.</summary>
    /// <exception cref="TrainingException">The configured device is not available.</exception>
    public Trainer CreateTrainer()
    {
        var s = startup.Settings;
        if (s.Runtime.Threads > 0) torch.set_num_threads(s.Runtime.Threads);
        return new Trainer(s.ModelConfig, startup.Modalities, s.Training.ToTrainerOptions(), ResolveDevice(s.Runtime.Device), (long)s.Data.CacheMegabytes << 20);
    }

    /// <summary>
    /// Trains into <see cref="TrainingRequest.RunDirectory"/>. Progress arrives on the calling thread; cancelling
    /// <paramref name="cancellationToken"/> saves a checkpoint and returns normally (with
    /// <see cref="TrainingResult.Cancelled"/> set).
    /// </summary>
    /// <exception cref="TrainingException">No dataset folder was given, or training cannot start or diverged.</exception>
    public TrainingResult Train(TrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = request.DataDirectory ?? startup.Settings.Data.Directory
            ?? throw new TrainingException("No dataset folder: give one (e.g. --data DIR) or set Data:Directory.");
        var trainer = CreateTrainer();
        return trainer.Run(new TrainingRunRequest
        {
            DataDirectory = data, RunDirectory = request.RunDirectory, Resume = request.Resume, Force = request.Force,
            ResolvedConfigJson = startup.ResolvedConfigurationJson(),
        }, progress, cancellationToken);
    }

    /// <summary>The torch device for <c>Runtime:Device</c> (cpu, cuda, cuda:N, auto).</summary>
    /// <exception cref="TrainingException">CUDA was asked for but is not available.</exception>
    public static torch.Device ResolveDevice(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device == "cpu") return torch.CPU;
        if (device == "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (!torch.cuda.is_available())
            throw new TrainingException($"Runtime:Device is '{device}' but CUDA is not available (this build uses the CPU runtime, or no GPU is visible); use --device cpu.");
        return torch.device(device);
    }
}
