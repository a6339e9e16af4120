using UnityVideo.Core.IO;
using UnityVideo.Core.Data;
using UnityVideo.Host.Data;
using UnityVideo.Synthetic;

namespace UnityVideo.Tests.Data;

public sealed class DatasetTests
{
    private static SyntheticDatasetRequest Request(string dir, int threads, bool force = false) => new()
    {
        OutputDirectory = dir,
        Count = 6,
        Force = force,
        World = new SyntheticOptions { Width = 16, Height = 16, Frames = 2, Seed = 3, WithAnimals = true, MaxDegreeOfParallelism = threads },
    };

    [Fact]
    public void A_built_dataset_round_trips_through_the_manifest()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "ds");
        var seen = new List<int>();
        var result = SyntheticDatasetBuilder.Build(Request(target, 2), new SyncProgress(seen));

        Assert.Equal(6, result.Clips);
        Assert.Equal(6, seen.Count);
        Assert.Equal(6, seen.Max());
        var ds = ClipDataset.Open(target);
        Assert.Equal(6, ds.Count);
        Assert.Equal(Enumerable.Range(0, 6).Select(DatasetWriter.FileNameFor), ds.Entries.Select(e => e.File));
        var world = new SyntheticWorld(Request(target, 1).World);
        for (var i = 0; i < ds.Count; i++)
        {
            using var s = ds.Read(i);
            var clip = world.Render(i);
            Assert.Equal(clip.Rgb, s.Rgb.bytes.ToArray());
            Assert.Equal(clip.Caption, ds.Entries[i].Caption);
            Assert.Equal(["rgb", "depth", "flow", "instances", "iuv", "joints"], ds.Entries[i].Modalities);
        }
        Assert.Equal([target], Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_files_with_one_or_two_threads()
    {
        using var dir = new TempDir();
        var a = Path.Combine(dir.Path, "one");
        var b = Path.Combine(dir.Path, "two");
        SyntheticDatasetBuilder.Build(Request(a, 1));
        SyntheticDatasetBuilder.Build(Request(b, 2));
        var files = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(7, files.Count);
        foreach (var f in files) Assert.Equal(File.ReadAllBytes(Path.Combine(a, f!)), File.ReadAllBytes(Path.Combine(b, f!)));
    }

    [Fact]
    public void A_dataset_is_replaced_only_when_forced_and_any_other_folder_never()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "ds");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");
        Assert.Contains(target, Assert.Throws<IOException>(() => SyntheticDatasetBuilder.Build(Request(target, 1))).Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => SyntheticDatasetBuilder.Build(Request(target, 1, force: true)));
        Assert.True(File.Exists(Path.Combine(target, "keep.txt")));

        File.Delete(Path.Combine(target, "keep.txt"));
        SyntheticDatasetBuilder.Build(Request(target, 1) with { Count = 2 });
        Assert.Throws<OutputExistsException>(() => SyntheticDatasetBuilder.Build(Request(target, 1)));   // a dataset, not replaced without force
        Assert.Equal(2, ClipDataset.Open(target).Count);

        SyntheticDatasetBuilder.Build(Request(target, 1, force: true));
        Assert.Equal(6, ClipDataset.Open(target).Count);
        Assert.Equal([target], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Cancellation_leaves_no_files_behind()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "ds");
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress([], () => cts.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() => SyntheticDatasetBuilder.Build(Request(target, 1), progress, cts.Token));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_manifest_naming_a_missing_file_is_one_clear_error_naming_it()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "ds");
        SyntheticDatasetBuilder.Build(Request(target, 1));
        var gone = Path.Combine(target, DatasetWriter.FileNameFor(4));
        File.Delete(gone);
        var e = Assert.Throws<DatasetFormatException>(() => ClipDataset.Open(target));
        Assert.Equal(gone, e.FilePath);
        Assert.Contains("manifest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_manifest_line_is_one_clear_error_naming_the_manifest()
    {
        using var dir = new TempDir();
        var manifest = dir.File(DatasetManifest.FileName);
        File.WriteAllText(manifest, "{\"file\":\"a.safetensors\",\"caption\":\"x\",\"frames\":2,\"height\":4,\"width\":4,\"fps\":8,\"modalities\":[\"rgb\"]}\nnot json\n");
        var e = Assert.Throws<DatasetFormatException>(() => ClipDataset.Open(dir.Path));
        Assert.Equal(manifest, e.FilePath);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clips_written_in_parallel_get_a_manifest_in_index_order()
    {
        using var dir = new TempDir();
        var writer = new DatasetWriter(dir.Path);
        var clips = Enumerable.Range(0, 5).Select(ClipFixtures.Arrays).ToArray();
        Parallel.For(0, 5, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => writer.Write(4 - i, clips[4 - i]));
        writer.Complete();
        var entries = DatasetManifest.Read(dir.File(DatasetManifest.FileName));
        Assert.Equal([0, 1, 2, 3, 4], entries.Select(e => e.Index));
        Assert.Throws<InvalidOperationException>(() => writer.Write(2, clips[2]));
    }

    /// <summary>IProgress that runs inline (Progress&lt;T&gt; posts to the thread pool, too late for assertions).</summary>
    private sealed class SyncProgress(List<int> seen, Action? onReport = null) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (seen) seen.Add(value);
            onReport?.Invoke();
        }
    }
}
