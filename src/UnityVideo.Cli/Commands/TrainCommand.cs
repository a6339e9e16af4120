using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Training;

namespace UnityVideo.Cli.Commands;

/// <summary>
/// <c>unityvideo train --data DIR --out RUN [--config FILE] [--preset P] [--steps N] [--seed S] [--device D]
/// [--init-from CHECKPOINT] [--resume] [--force] [--checkpoint-every N]</c>. Thin: options become configuration overrides, the host's
/// <see cref="TrainingService"/> trains, SIGINT/SIGTERM cancel it (a checkpoint is saved, exit code 0).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Dataset folder (clip shards + manifest.jsonl); default Data:Directory.", HelpName = "DIR" };
        var outDir = new Option<string>("--out") { Description = "Run folder: checkpoints/, metrics.jsonl, loss.png, config.json, model.safetensors.", Required = true, HelpName = "RUN" };
        var preset = new Option<string?>("--preset") { Description = "Model preset (Model:Preset).", HelpName = "NAME" };
        var steps = new Option<int?>("--steps") { Description = "Total steps of the run (Training:Steps); with --resume, the step to continue up to.", HelpName = "N" };
        var seed = new Option<int?>("--seed") { Description = "Seed of weights, data order, tasks and noise (Training:Seed).", HelpName = "S" };
        var device = DeviceOption.Create();
        var every = new Option<int?>("--checkpoint-every") { Description = "Checkpoint every N steps (Training:CheckpointEvery).", HelpName = "N" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the newest valid checkpoint in the run folder." };
        var initFrom = new Option<string?>("--init-from")
        {
            Description = "Start from these weights (fine-tuning): a model.safetensors, a training checkpoint (its EMA weights), a run folder, or 'reference' (models/reference). Weights only: a new optimiser, schedule and run folder; " +
                "a modality the checkpoint lacks starts fresh, one this run does not enable is dropped (Training:InitFrom; see Training:Freeze).",
            HelpName = "CHECKPOINT",
        };
        var force = new Option<bool>("--force") { Description = "With --resume: accept a checkpoint of another configuration. Without: start over in a folder that holds a run." };

        var train = new Command("train", "Train the model on a dataset: one task and modality routed per step, two-stage curriculum, resumable checkpoints.")
        {
            data, outDir, preset, steps, seed, device, every, initFrom, resume, force,
        };
        train.SetAction(parse => CliErrors.Run(() =>
        {
            var overrides = new List<(string, string)>();
            void Set(Option option, string key, object? value)
            {
                if (value is not null) overrides.Add((option.Name, string.Create(CultureInfo.InvariantCulture, $"{key}={value}")));
            }
            Set(preset, "Model:Preset", parse.GetValue(preset));
            Set(steps, "Training:Steps", parse.GetValue(steps));
            Set(seed, "Training:Seed", parse.GetValue(seed));
            overrides.AddRange(DeviceOption.Override(parse, device));
            Set(every, "Training:CheckpointEvery", parse.GetValue(every));
            Set(initFrom, "Training:InitFrom", parse.GetValue(initFrom) is { } init ? Path.GetFullPath(ShippedModels.Resolve(init)) : null);
            using var services = CliHost.Build(GlobalOptions.Sources(parse, overrides));
            var service = services.GetRequiredService<TrainingService>();
            var request = new TrainingRequest
            {
                RunDirectory = parse.GetValue(outDir)!, DataDirectory = parse.GetValue(data), Resume = parse.GetValue(resume), Force = parse.GetValue(force),
            };

            // SIGINT / SIGTERM: finish the current step, save a checkpoint, exit 0; a second signal ends at once.
            using var cts = new SignalCancellation("stopping after the current step and saving a checkpoint (send it again to quit at once)");

            var result = TrainProgress.Run(progress => service.Train(request, progress, cts.Token));

            var inv = CultureInfo.InvariantCulture;
            var rate = result.ResumedFrom is { } from ? result.Step - from : result.Step;
            Console.WriteLine(string.Create(inv, $"{(result.Cancelled ? "stopped" : "trained")} at step {result.Step}/{result.TotalSteps} in {result.Elapsed:hh\\:mm\\:ss} ({rate / Math.Max(result.Elapsed.TotalSeconds, 1e-9):0.00} steps/s this session)"));
            if (result.Checkpoint is not null) Console.WriteLine($"checkpoint: {result.Checkpoint}");
            if (result.ModelPath is not null) Console.WriteLine($"model: {result.ModelPath}");
            Console.WriteLine($"metrics: {result.MetricsPath}");
            if (result.PlotPath is not null) Console.WriteLine($"loss plot: {result.PlotPath}");
            if (result.Cancelled) Console.WriteLine("continue with the same command and --resume");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return train;
    }
}
