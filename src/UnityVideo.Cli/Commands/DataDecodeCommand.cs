using System.CommandLine;
using TorchSharp;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Video;
using UnityVideo.Host.Training;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo data decode</c>: a latent clip decoded by the Wan2.1 VAE into a GIF panel row.</summary>
internal static class DataDecodeCommand
{
    public static Command Create()
    {
        var latents = new Option<string>("--latents") { Description = "Latent dataset written by 'data encode'.", Required = true, HelpName = "LATENTS" };
        var vae = new Option<string>("--vae") { Description = "The Wan2.1 VAE weights the latents were encoded with.", Required = true, HelpName = "FILE" };
        var clip = new Option<int>("--clip") { Description = "Clip to decode (0-based, manifest order).", DefaultValueFactory = _ => 0, HelpName = "I" };
        var output = new Option<string>("--out") { Description = "GIF to write (RGB | each modality, decoded); its folder must exist.", Required = true, HelpName = "FILE.gif" };
        var scale = new Option<int?>("--scale") { Description = "Integer pixel enlargement (default: panels at least 128 px).", HelpName = "K" };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto: where the VAE runs.", DefaultValueFactory = _ => "cpu", HelpName = "DEVICE" };
        var force = new Option<bool>("--force") { Description = "Overwrite the GIF if it exists." };

        var decode = new Command("decode", "Decode one latent clip (RGB and every modality stream) with the Wan2.1 VAE into an animated GIF row, trimmed to the source clip's frames.")
        {
            latents, vae, clip, output, scale, device, force,
        };
        decode.SetAction(parse => CliErrors.Run(() =>
        {
            var target = parse.GetValue(output)!;
            if (!target.EndsWith(".gif", StringComparison.OrdinalIgnoreCase)) throw new CliUsageException($"--out must name a .gif file (got '{target}').");
            var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
            if (!Directory.Exists(folder)) throw new CliUsageException($"--out: folder {folder} does not exist.");
            OutputGuard.CheckFile(target, parse.GetValue(force), "--out");
            if (parse.GetValue(scale) is { } given && given is < 1 or > 64) throw new CliUsageException($"--scale must be in 1..64 (got {given}).");
            var dir = parse.GetValue(latents)!;
            if (!Directory.Exists(dir)) throw new CliUsageException($"--latents: folder {Path.GetFullPath(dir)} does not exist.");
            var vaeFile = parse.GetValue(vae)!;
            if (!File.Exists(vaeFile)) throw new CliUsageException($"--vae: {Path.GetFullPath(vaeFile)} does not exist.");
            var entries = DatasetManifest.Read(Path.Combine(dir, DatasetManifest.FileName));
            var index = parse.GetValue(clip);
            if (index < 0 || index >= entries.Count)
                throw new CliUsageException($"--clip {index} is out of range: {Path.GetFullPath(dir)} holds {entries.Count} clips (0..{entries.Count - 1}).");

            using var model = WanVaeWeights.Load(vaeFile, TrainingService.ResolveDevice(parse.GetValue(device)!));
            var path = Path.Combine(dir, entries[index].File);
            using var latent = LatentClip.Load(path);
            using var scope = torch.NewDisposeScope();
            var streams = LatentDatasetBuilder.Decode(model, latent, path);
            var k = parse.GetValue(scale) ?? FrameScale.ToAtLeast(latent.Height, latent.Width);
            var grid = FrameGrid.Compose([streams.Select(s => FrameScale.Upscale(s.Frames, k)).ToList()]); // [T, H', W', 3]
            FrameWriter.WriteGif(target, grid, latent.Fps);
            Console.WriteLine($"wrote {target}: {string.Join(" | ", streams.Select(s => s.Stream))}, {latent.Frames} frames, {grid.shape[2]}x{grid.shape[1]} px");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return decode;
    }
}
