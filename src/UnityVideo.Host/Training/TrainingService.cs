using Microsoft.Extensions.Options;
using TorchSharp;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Options;

namespace UnityVideo.Host.Training;

/// <summary>
/// The training engine as a service (registered by <c>AddUnityVideo</c>): builds a <see cref="Trainer"/> from the
/// settings it reads — the model (<c>Model</c>), the enabled modalities, <c>Training</c>, <c>Data</c> and <c>Runtime</c> —
/// and runs it.
/// </summary>
public sealed class TrainingService(ITrainingBackbone backbone, ModalityRegistry modalities, IOptions<TrainerOptions> training,
    IOptions<DataOptions> data, IOptions<RuntimeOptions> runtime, ResolvedConfiguration resolved)
{
    /// <summary>A trainer for the current settings.</summary>
    /// <exception cref="TrainingException">The configured device is not available.</exception>
    public Trainer CreateTrainer()
    {
        if (runtime.Value.Threads > 0) torch.set_num_threads(runtime.Value.Threads);
        return new Trainer(backbone, modalities, training.Value, ResolveDevice(runtime.Value.Device), (long)data.Value.CacheMegabytes << 20);
    }

    /// <summary>
    /// Trains into <see cref="TrainingRequest.RunDirectory"/>. Progress arrives on the calling thread; cancelling
    /// <paramref name="cancellationToken"/> saves a checkpoint and returns normally (with
    /// <see cref="TrainingResult.Cancelled"/> set).
    /// </summary>
    /// <exception cref="TrainingException">No dataset folder was given, the run folder holds it, or training cannot start or diverged.</exception>
    /// <exception cref="IOException">Another process trains into the same folder, or --force names a folder that holds no run.</exception>
    public TrainingResult Train(TrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataDir = request.DataDirectory ?? data.Value.Directory
            ?? throw new TrainingException("No dataset folder: give one (e.g. --data DIR) or set Data:Directory.");
        var runDir = Path.GetFullPath(request.RunDirectory);
        if (OutputGuard.IsSameOrParent(runDir, dataDir))
            throw new TrainingException($"--out {runDir} is or holds the dataset {Path.GetFullPath(dataDir)}; choose a run folder outside it.");
        // --force deletes the run's checkpoints and metrics: only in a folder that holds a run, never the current directory.
        if (request.Force && !request.Resume) OutputGuard.CheckFolder(runDir, force: true, "--out", "training run", RunFolder.IsRun);
        // The trainer would advise forcing a fresh start, which is refused here: say what works instead.
        if (!request.Force && !request.Resume && OutputGuard.IsCurrentDirectoryOrParent(runDir) && RunFolder.IsRun(runDir) && !RunFolder.IsUnstarted(runDir))
            throw new TrainingException($"'{runDir}' already holds a training run; resume it (--resume), or train into another --out (the current directory is never replaced).");
        // --force replaces the run's checkpoints before the initial weights are read: never when they live there.
        if (request.Force && !request.Resume && training.Value.InitFrom is { } init && OutputGuard.IsSameOrParent(runDir, Path.GetFullPath(init)))
            throw new TrainingException($"the initial weights {Path.GetFullPath(init)} are inside the run folder {runDir} that --force would replace; copy them out, or train into another --out.");
        var trainer = CreateTrainer();
        using var exclusive = RunLock.Acquire(runDir);
        RunFolder.ForgetUnstartedRun(runDir);
        return trainer.Run(new TrainingRunRequest
        {
            DataDirectory = dataDir, RunDirectory = runDir, Resume = request.Resume, Force = request.Force,
            ResolvedConfigJson = resolved.Json,
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
