using UnityVideo.Core;
using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Inference;
using UnityVideo.Core.Video;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Cli.Commands;

/// <summary>
/// <c>unityvideo estimate --checkpoint C --input CLIP --modality M[,M…] --out DIR</c>: the estimation task
/// (modality from RGB) through <see cref="UnityVideoPipeline"/>; writes <c>DIR/&lt;input&gt;.&lt;M&gt;.safetensors</c>
/// and a side-by-side GIF per modality.
/// </summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var checkpoint = InferenceOptions.Checkpoint();
        var input = new Option<string>("--input") { Description = "A dataset clip (.safetensors; its rgb is used) or a video file (MP4/AVI/MKV…: every frame, in overlapping windows of the model's T frames, blended across the overlaps; the frame rate is kept).", Required = true, HelpName = "VIDEO|CLIP" };
        var modality = new Option<string>("--modality") { Description = "Modality to estimate, or several: depth,flow (each must be in the checkpoint).", Required = true, HelpName = "M" };
        var outDir = new Option<string>("--out") { Description = "Output folder: <input>.<M>.safetensors (the stored tensor), <input>.<M>.mp4 (the modality drawn by its visualizer, H.264; usable as a control video), <input>.<M>.gif (input | estimate), <input>.<M>.png/ (frames; depth as 16-bit PNG, value × 1000).", Required = true, HelpName = "DIR" };
        var format = InferenceOptions.Format("Several allowed: --format mp4 safetensors.");
        var size = new Option<string>("--size") { Description = "A video's estimates at the model's size (model: frames scaled and centre-cropped, as in training) or at the input's size (native: whole frames resized for the model, estimates upsampled back).", DefaultValueFactory = _ => "model", HelpName = "model|native" };
        var overlap = new Option<int?>("--overlap") { Description = "Frames shared by successive windows of a video (default: half the model's frames).", HelpName = "N" };
        var prompt = new Option<string?>("--modality-prompt") { Description = "Modality prompt, e.g. \"segment the persons\" (default: the modality's first prompt).", HelpName = "TEXT" };
        var (steps, sampler, seed, force) = (InferenceOptions.Steps("Solver steps of the estimate (default Sampling:EstimationSteps, or Sampling:Steps when that is 0)."), InferenceOptions.Sampler(), InferenceOptions.Seed(), InferenceOptions.Force());
        var wan = InferenceOptions.WanFiles();

        var device = DeviceOption.Create();
        var command = new Command("estimate", "Estimate modalities (depth, flow, …) from a clip's RGB, or from every frame of a video, with a trained model.")
        {
            checkpoint, input, modality, outDir, format, size, overlap, prompt, steps, sampler, seed, device, force, wan.Vae, wan.TextEmbeddings,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var modalities = InferenceOptions.Modalities(parse.GetValue(modality));
            if (modalities.Count == 0) throw new CliUsageException("--modality names no modality.");
            var inputPath = parse.GetValue(input)!;
            var folder = InferenceOptions.OutputFolder(parse.GetValue(outDir)!);
            var name = Path.GetFileNameWithoutExtension(inputPath);
            var overrides = InferenceOptions.Overrides(parse, steps, sampler, seed);
            var formats = InferenceOptions.Formats(parse, format);
            var outputSize = parse.GetValue(size)!.ToLowerInvariant() switch
            {
                "model" => EstimationSize.Model,
                "native" => EstimationSize.Native,
                var other => throw new CliUsageException($"--size must be model or native (got '{other}')."),
            };
            if (parse.GetValue(overlap) is < 0) throw new CliUsageException($"--overlap must be ≥ 0 (got {parse.GetValue(overlap)}).");
            InferenceFiles.RefuseExisting(InferenceFiles.EstimateTargets(folder, name, modalities, formats), parse.GetValue(force), [inputPath, parse.GetValue(checkpoint)]);
            if (formats.HasFlag(OutputFormats.Mp4) || formats.HasFlag(OutputFormats.Png)) Mp4Writer.RequireEncoder(); // before any work

            using var services = CliHost.Build(GlobalOptions.Sources(parse, [.. InferenceOptions.WanOverrides(parse, wan), .. DeviceOption.Override(parse, device)]));
            foreach (var w in services.GetRequiredService<PluginCatalog>().Warnings) Console.Error.WriteLine($"warning: {w}");
            var pipeline = services.GetRequiredService<UnityVideoPipeline>();
            var request = new EstimationRequest
            {
                Checkpoint = parse.GetValue(checkpoint)!, Input = inputPath, Modalities = modalities,
                ModalityPrompt = parse.GetValue(prompt), Sampling = overrides, Size = outputSize, Overlap = parse.GetValue(overlap),
            };
            var total = pipeline.EstimationTotalSteps(request);
            using var result = CliProgress.Run("estimate", total, progress =>
            {
                var done = 0;
                var last = 0;
                var run = (Stage: "", Window: 0);
                return pipeline.Estimate(request, new InlineProgress<InferenceProgress>(p =>
                {
                    // Each modality and window is a sampling run of its own, counting its steps from 1.
                    if ((p.Stage, p.Window) != run) (done, run) = (done + last, (p.Stage, p.Window));
                    last = p.Step;
                    progress.Report(done + p.Step);
                }));
            });
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = Path.GetFullPath(inputPath), ["model"] = result.Model };
            var written = InferenceFiles.WriteEstimates(folder, name, result.Rgb, result.Modalities, pipeline.Plugins, result.Context, result.Fps, metadata, formats);
            Console.WriteLine($"model: {result.Model}");
            foreach (var (m, t) in result.Modalities)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m}: {t.dtype} [{string.Join(", ", t.shape)}]"));
            foreach (var path in written) Console.WriteLine($"wrote {path}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return command;
    }
}
