using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Video;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// Encodes a clip dataset once into a latent dataset for a Wan backbone: per clip, the RGB frames and every
/// modality's colour-coded video (drawn by its plugin's visualizer, the 3-channel code that goes through the same
/// VAE as RGB) become normalised latents in one safetensors file; <c>manifest.jsonl</c> lists the clips as a clip
/// dataset's does (frames, size and fps of the source, modality names). Clips of other than 1 + 4k frames are
/// padded by repeating the last frame (<see cref="VaeFrames"/>). The dataset is built in a hidden sibling and
/// swapped in whole, so a failure or a kill never leaves half a dataset.
/// </summary>
public static class LatentDatasetBuilder
{
    /// <summary>Builds the latent dataset; <paramref name="progress"/> receives the number of clips finished.</summary>
    /// <exception cref="IOException">The output may not be written (<see cref="OutputGuard.CheckFolder"/>).</exception>
    /// <exception cref="DatasetFormatException">A clip cannot be read, or its size does not fit the VAE.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was left on disk.</exception>
    public static LatentDatasetResult Build(LatentDatasetRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = ClipDataset.Open(request.DataDirectory);
        var target = Path.GetFullPath(request.OutputDirectory);
        OutputGuard.CheckFolder(target, request.Force, "--out", "latent dataset", OutputGuard.HoldsDataset, [source.Directory, request.VaeFile], OutputGuard.DatasetForeignEntry);

        var staging = FolderSwap.BeginStaging(target);
        var committed = false;
        try
        {
            var entries = new List<ManifestEntry>();
            var streams = 0;
            for (var i = 0; i < source.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var clip = source.Read(i);
                using var latent = Encode(request, clip, source.PathOf(i));
                var file = DatasetWriter.FileNameFor(i);
                latent.Save(Path.Combine(staging, file));
                streams += latent.Latents.Count;
                entries.Add(new ManifestEntry
                {
                    File = file,
                    Caption = latent.Caption,
                    Frames = latent.Frames,
                    Height = latent.Height,
                    Width = latent.Width,
                    Fps = latent.Fps,
                    Modalities = latent.Latents.Keys.Where(k => k != "rgb").ToList(),
                    Source = source.Entries[i].File,
                    Split = clip.Metadata.Split,
                    Index = i,
                });
                progress?.Report(i + 1);
            }
            var manifest = Path.Combine(staging, DatasetManifest.FileName);
            DatasetManifest.Write(manifest, entries);
            cancellationToken.ThrowIfCancellationRequested();
            FolderSwap.Commit(staging, target);
            committed = true;
            return new LatentDatasetResult(target, Path.Combine(target, DatasetManifest.FileName), entries.Count, streams, request.Vae.parameters().First().device);
        }
        finally
        {
            if (!committed) FolderSwap.Discard(staging);
        }
    }

    /// <summary>Encodes one clip: RGB, then each modality the clip stores that has a visualizer, as ordered for previews.</summary>
    public static LatentClip Encode(LatentDatasetRequest request, ClipSample clip, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clip);
        var vae = request.Vae;
        var s = vae.Config.SpatialCompression;
        if (clip.Height % s != 0 || clip.Width % s != 0)
            throw new DatasetFormatException(path, $"frames are {clip.Width}x{clip.Height}; the Wan VAE needs width and height divisible by {s}");

        var columns = ClipPreview.Columns(request.Registry, [clip]);
        var latents = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var scope = NewDisposeScope();
            var panels = ClipPreview.Panels(clip, columns, clip.Frames);                    // RGB, then one [T, H, W, 3] per column
            var names = new[] { "rgb" }.Concat(columns.Select(c => c.Name)).ToList();
            for (var p = 0; p < panels.Count; p++)
            {
                var x = VaeFrames.ToVaeInput(panels[p], vae.Config.TemporalCompression);    // [1, 3, T', H, W]
                latents[names[p]] = vae.Encode(x)[0].cpu().MoveToOuterDisposeScope();      // [z, t, h, w]
            }
        }
        catch
        {
            foreach (var t in latents.Values) t.Dispose();
            throw;
        }
        return new LatentClip(latents, clip.Metadata.Caption, clip.Frames, clip.Height, clip.Width, clip.Metadata.Fps,
            Path.GetFileName(path), vae.Config);
    }

    /// <summary>
    /// Decodes every stream of a latent clip back to uint8 RGB frames <c>[T, H, W, 3]</c> (the source clip's T: the
    /// 1 + 4k padding is trimmed) — RGB and each modality's colour code, ready for panels.
    /// </summary>
    /// <exception cref="DatasetFormatException">The clip was made by a VAE of another shape.</exception>
    public static IReadOnlyList<(string Stream, Tensor Frames)> Decode(WanVae vae, LatentClip clip, string path)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(clip);
        if (!clip.Vae.SameShape(vae.Config))
            throw new DatasetFormatException(path, $"encoded by a VAE of another shape ({clip.Vae}) than the one given ({vae.Config})");
        var frames = new List<(string, Tensor)>();
        foreach (var (name, latent) in clip.Latents)
        {
            using var scope = NewDisposeScope();
            var video = vae.Decode(latent.unsqueeze(0));                                   // [1, 3, T', H, W]
            frames.Add((name, VaeFrames.ToRgb(video, clip.Frames).cpu().MoveToOuterDisposeScope())); // [T, H, W, 3]
        }
        return frames;
    }
}
