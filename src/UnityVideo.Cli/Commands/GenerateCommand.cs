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
/// <c>unityvideo generate --checkpoint C --prompt TEXT --out DIR [--modality M] [--control FILE] [--cfg S]</c>: joint
/// generation (RGB + modalities) or, with a control clip, RGB generated from a modality video; writes
/// <c>DIR/&lt;name&gt;.safetensors</c> and <c>DIR/&lt;name&gt;.gif</c>.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var checkpoint = InferenceOptions.Checkpoint();
        var prompt = new Option<string>("--prompt") { Description = "Content prompt: what the video shows.", Required = true, HelpName = "TEXT" };
        var outDir = new Option<string>("--out") { Description = "Output folder: <name>.safetensors (rgb + modalities), <name>.mp4 and <name>.gif (RGB | modalities), <name>.<M>.png/ (frames).", Required = true, HelpName = "DIR" };
        var modality = new Option<string?>("--modality") { Description = "Joint generation: the modalities generated with the RGB (default: all of the checkpoint's). With --control: the control's modality.", HelpName = "M" };
        var control = new Option<string?>("--control") { Description = "Generate RGB from a modality: a clip file holding its stored tensor (e.g. 'depth'), or a video of it in its plugin's visual code (depth.mp4 from estimate; depth and segmentation; frames fitted to the model's size; it must have the model's frame count; name its modality with --modality).", HelpName = "FILE" };
        var cfg = new Option<double?>("--cfg") { Description = "Classifier-free guidance scale on the prompt (default Sampling:CfgScale; 1 = none).", HelpName = "S" };
        var format = InferenceOptions.Format("Several allowed: --format mp4 safetensors.");
        var name = new Option<string>("--name") { Description = "Base name of the output files.", DefaultValueFactory = _ => "sample", HelpName = "NAME" };
        var (steps, sampler, seed, force) = (InferenceOptions.Steps(), InferenceOptions.Sampler(), InferenceOptions.Seed(), InferenceOptions.Force());
        var wan = InferenceOptions.WanFiles();

        var device = DeviceOption.Create();
        var command = new Command("generate", "Generate a video with a trained model: jointly with modalities from a prompt, or from a modality video (--control).")
        {
            checkpoint, prompt, outDir, modality, control, cfg, name, format, steps, sampler, seed, device, force, wan.Vae, wan.TextEmbeddings,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var baseName = parse.GetValue(name)!;
            if (baseName.Length == 0 || baseName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || baseName is "." or "..")
                throw new CliUsageException($"--name '{baseName}' is not a file name.");
            var folder = InferenceOptions.OutputFolder(parse.GetValue(outDir)!);
            var overrides = InferenceOptions.Overrides(parse, steps, sampler, seed, cfg);
            var formats = InferenceOptions.Formats(parse, format);
            InferenceFiles.RefuseExisting(InferenceFiles.GenerateTargets(folder, baseName, formats, InferenceOptions.Modalities(parse.GetValue(modality))), parse.GetValue(force), [parse.GetValue(control), parse.GetValue(checkpoint)]);
            if (formats.HasFlag(OutputFormats.Mp4) || formats.HasFlag(OutputFormats.Png)) Mp4Writer.RequireEncoder(); // before any work

            using var services = CliHost.Build(GlobalOptions.Sources(parse, [.. InferenceOptions.WanOverrides(parse, wan), .. DeviceOption.Override(parse, device)]));
            foreach (var w in services.GetRequiredService<PluginCatalog>().Warnings) Console.Error.WriteLine($"warning: {w}");
            var pipeline = services.GetRequiredService<UnityVideoPipeline>();
            var request = new GenerationRequest
            {
                Checkpoint = parse.GetValue(checkpoint)!, Prompt = parse.GetValue(prompt)!, Modalities = InferenceOptions.Modalities(parse.GetValue(modality)),
                Control = parse.GetValue(control), Sampling = overrides,
            };
            var total = pipeline.Sampler(overrides).Options.Steps;
            using var result = CliProgress.Run("generate", total, progress => pipeline.Generate(request, new InlineProgress<InferenceProgress>(p => progress.Report(p.Step))));
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["prompt"] = request.Prompt, ["model"] = result.Model };
            if (request.Control is { } c) metadata["control"] = Path.GetFullPath(c);
            var written = InferenceFiles.WriteGenerated(folder, baseName, result.Rgb, result.Modalities, pipeline.Plugins, result.Context, result.Fps, metadata, formats);
            Console.WriteLine($"model: {result.Model}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rgb: [{string.Join(", ", result.Rgb.shape)}]"));
            foreach (var (m, t) in result.Modalities)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m}{(request.Control is null ? "" : " (control)")}: {t.dtype} [{string.Join(", ", t.shape)}]"));
            foreach (var path in written) Console.WriteLine($"wrote {path}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return command;
    }
}
