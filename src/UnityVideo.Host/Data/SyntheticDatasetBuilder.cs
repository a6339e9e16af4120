using System.Runtime.ExceptionServices;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Data;

/// <summary>
/// Renders N synthetic clips in parallel and writes them as a dataset folder (one safetensors file per clip +
/// manifest.jsonl). Everything is written into a hidden sibling folder first and swapped into place at the
/// end (<see cref="FolderSwap"/>), so failure, cancellation or a kill never leaves a half-written dataset behind
/// and never loses the old one.
/// </summary>
public static class SyntheticDatasetBuilder
{
    /// <summary>Builds the dataset; <paramref name="progress"/> receives the number of clips finished so far.</summary>
    /// <exception cref="Plugins.PluginLoadException">An annotation needs a ground-truth buffer the world does not offer (checked before anything is written).</exception>
    /// <exception cref="IOException">The output folder may not be written (<see cref="OutputGuard.CheckFolder"/>), or the disk is full.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was left on disk.</exception>
    public static SyntheticDatasetResult Build(SyntheticDatasetRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Count);
        request.World.Validate();
        foreach (var a in request.Annotations) a.CheckBuffers(SyntheticWorld.BufferNames);
        var target = Path.GetFullPath(request.OutputDirectory);
        OutputGuard.CheckFolder(target, request.Force, "--out", "dataset", OutputGuard.HoldsDataset, foreign: OutputGuard.DatasetForeignEntry);

        // ------------------------------------------------------------ render + write into a hidden sibling
        var staging = FolderSwap.BeginStaging(target);
        var committed = false;
        try
        {
            var writer = new DatasetWriter(staging);
            // Each clip renders on one thread; parallelism is across clips, so the bytes are thread-count-proof.
            var world = new SyntheticWorld(request.World with { MaxDegreeOfParallelism = 1 });
            var done = 0;
            var po = new ParallelOptions { MaxDegreeOfParallelism = request.World.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
            try
            {
                Parallel.For(0, request.Count, po, i =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer.Write(i, SyntheticClipArrays.From(world.Render(i), request.Annotations));
                    progress?.Report(Interlocked.Increment(ref done));
                });
            }
            catch (AggregateException e)
            {
                // Several clips fail alike when the disk fills up; one of them tells the user what happened.
                var inner = e.Flatten().InnerExceptions;
                var cause = inner.FirstOrDefault(x => x is OperationCanceledException) ?? inner.FirstOrDefault(x => x is IOException) ?? inner[0];
                if (cause is IOException io) throw new IOException($"{target}: cannot write the dataset: {io.Message}", io);
                ExceptionDispatchInfo.Capture(cause).Throw();
            }
            var manifest = writer.Complete();
            cancellationToken.ThrowIfCancellationRequested();

            // ------------------------------------------------------------ swap into place
            FolderSwap.Commit(staging, target);
            committed = true;
            return new SyntheticDatasetResult(target, Path.Combine(target, Path.GetFileName(manifest)), request.Count);
        }
        finally
        {
            if (!committed) FolderSwap.Discard(staging);
        }
    }
}

/// <summary>A finished synthetic dataset.</summary>
/// <param name="Directory">The dataset folder.</param>
/// <param name="ManifestPath">Its <c>manifest.jsonl</c>.</param>
/// <param name="Clips">Number of clips written.</param>
public sealed record SyntheticDatasetResult(string Directory, string ManifestPath, int Clips);
