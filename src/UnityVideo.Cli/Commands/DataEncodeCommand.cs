using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Modalities;
using UnityVideo.Host.Training;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo data encode</c>: a clip dataset encoded once by the Wan2.1 VAE into a latent dataset.</summary>
internal static class DataEncodeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Clip dataset to encode (holds manifest.jsonl).", Required = true, HelpName = "DIR" };
        var vae = new Option<string>("--vae")
        {
            Description = "Wan2.1 VAE weights (.safetensors): the official Wan2.1_VAE.pth converted by tools/wan_goldens/vae_convert.py, or diffusers' vae/diffusion_pytorch_model.safetensors.",
            Required = true, HelpName = "FILE",
        };
        var outDir = new Option<string>("--out") { Description = "Latent dataset folder to create (one safetensors per clip + manifest.jsonl).", Required = true, HelpName = "LATENTS" };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto: where the VAE runs.", DefaultValueFactory = _ => "cpu", HelpName = "DEVICE" };
        var force = new Option<bool>("--force") { Description = "Replace a dataset folder this project wrote (the old one stays until the new one is complete)." };

        var encode = new Command("encode",
            "Encode every clip's RGB and each modality's colour-coded video (drawn by its plugin's visualizer) with the Wan2.1 VAE, "
            + "once, into normalised latents [16, 1+T/4, H/8, W/8] per stream. The VAE encodes 1 + 4k frames: a clip of another length "
            + "is padded at the end by repeating its last frame (8 frames -> 9, 3 latent frames), and 'data decode' trims back to the "
            + "clip's own length. Frame width and height must be multiples of 8.")
        {
            data, vae, outDir, device, force,
        };
        encode.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var dataDir = parse.GetValue(data)!;
            if (!Directory.Exists(dataDir)) throw new CliUsageException($"--data: dataset folder {Path.GetFullPath(dataDir)} does not exist.");
            var vaeFile = parse.GetValue(vae)!;
            if (!File.Exists(vaeFile)) throw new CliUsageException($"--vae: {Path.GetFullPath(vaeFile)} does not exist.");
            var torchDevice = TrainingService.ResolveDevice(parse.GetValue(device)!);

            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            var registry = services.GetRequiredService<ModalityRegistry>();
            using var model = WanVaeWeights.Load(vaeFile, torchDevice);
            var request = new LatentDatasetRequest
            {
                DataDirectory = dataDir,
                OutputDirectory = parse.GetValue(outDir)!,
                Vae = model,
                VaeFile = Path.GetFullPath(vaeFile),
                Registry = registry,
                Force = parse.GetValue(force),
            };
            var total = Core.Data.ClipDataset.Open(dataDir).Count;
            var result = CliProgress.Run("encoding clips", total, progress => LatentDatasetBuilder.Build(request, progress, ct));
            Console.WriteLine($"wrote {result.Clips} latent clips ({result.Streams} streams, VAE {model.Config}) to {result.Directory} on {result.Device}");
            Console.WriteLine($"manifest: {result.ManifestPath}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose))));
        return encode;
    }
}
