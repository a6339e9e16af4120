namespace UnityVideo.Plugins.Skeleton;

/// <summary>
/// Reads skeletons back from <see cref="SkeletonVisualizer"/>'s drawing, one frame at a time: each limb's colour is
/// unique, so the pixels of one colour that touch form one drawn limb, whose two farthest-apart pixels are its joints.
/// Limbs whose ends meet at a joint they share belong to one person; which end is which joint follows from the
/// neighbouring limbs that meet there. What the drawing cannot give back: a visible joint with no visible limb (a lone
/// white dot names no joint), which end is which for a limb with no visible neighbour, and which person is which (all
/// persons are drawn alike): the first frame's persons take the slots left to right, and each later frame's take the
/// slots whose persons they lie nearest to in the frame before, so a person keeps its slot as it moves.
/// </summary>
internal sealed class SkeletonDrawingReader
{
    private readonly byte[][] limbColours;
    private readonly int maxPersons;

    public SkeletonDrawingReader(IReadOnlyList<byte[]> limbColours, int maxPersons)
    {
        this.limbColours = [.. limbColours];
        this.maxPersons = maxPersons;
    }

    /// <summary>Frames <c>[T, H, W, 3]</c> as bytes → joints <c>[T, maxPersons, 17, 3]</c> (x, y at pixel centres, visibility 0/1).</summary>
    public float[] Read(byte[] frames, int t, int h, int w)
    {
        var joints = new float[t * maxPersons * SkeletonModality.Joints * 3];
        var previous = new (double X, double Y)?[maxPersons]; // where each slot's person was last seen
        var tolerance = 2.0 + Math.Min(h, w) / 64; // a limb may stop a dot's radius (and a pixel of coding blur) short of its joint
        for (var f = 0; f < t; f++)
        {
            var classes = Classify(frames.AsSpan(f * h * w * 3, h * w * 3), h, w);
            var limbs = DrawnLimbs(classes, h, w);
            var persons = Group(limbs, tolerance);
            var slots = Slots(persons.Select(Centre).ToList(), previous);
            for (var i = 0; i < persons.Count; i++)
            {
                var person = persons[i];
                previous[slots[i]] = Centre(person);
                var o = (f * maxPersons + slots[i]) * SkeletonModality.Joints * 3;
                foreach (var (joint, x, y) in Joints(person))
                {
                    joints[o + joint * 3] = (float)x;
                    joints[o + joint * 3 + 1] = (float)y;
                    joints[o + joint * 3 + 2] = 1;
                }
            }
        }
        return joints;
    }

    // The slot of each person: the assignment (over every order of the slots) that keeps persons nearest to where their
    // slot's person was; a slot never filled costs more than any move, and the left-to-right order breaks ties.
    private int[] Slots(List<(double X, double Y)> centres, (double X, double Y)?[] previous)
    {
        var best = Enumerable.Range(0, maxPersons).ToArray();
        if (previous.All(p => p is null)) return best;
        var bestCost = double.MaxValue;
        foreach (var order in Orders(Enumerable.Range(0, maxPersons).ToList()))
        {
            var cost = 0.0;
            for (var i = 0; i < centres.Count; i++)
                cost += previous[order[i]] is { } was ? Math.Sqrt((was.X - centres[i].X) * (was.X - centres[i].X) + (was.Y - centres[i].Y) * (was.Y - centres[i].Y)) : 1e6;
            if (cost < bestCost) (bestCost, best) = (cost, order);
        }
        return best;
    }

    private static IEnumerable<int[]> Orders(List<int> items) => items.Count <= 1
        ? [[.. items]]
        : items.SelectMany(first => Orders([.. items.Where(i => i != first)]).Select(rest => (int[])[first, .. rest]));

    private static (double X, double Y) Centre(List<DrawnLimb> person) =>
        (person.Average(l => (l.Ends.A.X + l.Ends.B.X) / 2), person.Average(l => (l.Ends.A.Y + l.Ends.B.Y) / 2));

    // Per pixel: the limb whose colour is nearest, or −1 for black or white (background, lone joint dots).
    private int[] Classify(ReadOnlySpan<byte> frame, int h, int w)
    {
        var classes = new int[h * w];
        for (var i = 0; i < h * w; i++)
        {
            int r = frame[i * 3], g = frame[i * 3 + 1], b = frame[i * 3 + 2];
            var best = Math.Min(r * r + g * g + b * b, (255 - r) * (255 - r) + (255 - g) * (255 - g) + (255 - b) * (255 - b));
            var winner = -1;
            for (var l = 0; l < limbColours.Length; l++)
            {
                var c = limbColours[l];
                var d = (r - c[0]) * (r - c[0]) + (g - c[1]) * (g - c[1]) + (b - c[2]) * (b - c[2]);
                if (d < best) { best = d; winner = l; }
            }
            classes[i] = winner;
        }
        return classes;
    }

    // Eight-connected runs of one limb colour, each with its two farthest-apart pixel centres (a limb's joints).
    private static List<DrawnLimb> DrawnLimbs(int[] classes, int h, int w)
    {
        var seen = new bool[h * w];
        var limbs = new List<DrawnLimb>();
        var stack = new Stack<int>();
        for (var start = 0; start < h * w; start++)
        {
            if (seen[start] || classes[start] < 0) continue;
            var limb = classes[start];
            var pixels = new List<(double X, double Y)>();
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                int y = i / w, x = i % w;
                pixels.Add((x + 0.5, y + 0.5));
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if ((uint)nx >= (uint)w || (uint)ny >= (uint)h) continue;
                        var n = ny * w + nx;
                        if (seen[n] || classes[n] != limb) continue;
                        seen[n] = true;
                        stack.Push(n);
                    }
            }
            limbs.Add(new DrawnLimb(limb, Ends(pixels), pixels));
        }
        return limbs;
    }

    private static ((double X, double Y) A, (double X, double Y) B) Ends(List<(double X, double Y)> pixels)
    {
        var best = (pixels[0], pixels[0]);
        var far = -1.0;
        for (var i = 0; i < pixels.Count; i++)
            for (var j = i + 1; j < pixels.Count; j++)
            {
                var d = Distance(pixels[i], pixels[j]);
                if (d > far) { far = d; best = (pixels[i], pixels[j]); }
            }
        return best;
    }

    // Limbs that share a joint and whose ends meet belong to one person; the largest persons are kept, left to right.
    private List<List<DrawnLimb>> Group(List<DrawnLimb> limbs, double tolerance)
    {
        var parent = Enumerable.Range(0, limbs.Count).ToArray();
        int Root(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (var i = 0; i < limbs.Count; i++)
            for (var j = i + 1; j < limbs.Count; j++)
                if (SharedJoint(limbs[i].Limb, limbs[j].Limb) is not null && Gap(limbs[i], limbs[j]) <= tolerance)
                    parent[Root(i)] = Root(j);
        return [.. limbs.Select((l, i) => (l, i)).GroupBy(p => Root(p.i), p => p.l)
            .Select(g => g.GroupBy(l => l.Limb).Select(Merged).ToList()) // a limb crossed by a later one is drawn in pieces
            .Where(p => p.Sum(l => l.Points.Count) >= 2) // a lone stray pixel of coding noise is no person
            .OrderByDescending(p => p.Count).ThenByDescending(p => p.Sum(l => l.Points.Count))
            .Take(maxPersons)
            .OrderBy(p => p.Min(l => Math.Min(l.Ends.A.X, l.Ends.B.X)))];
    }

    // Each end is assigned to the joint where it meets the neighbouring limbs best. Limbs are drawn in index order, so
    // at a joint the last-drawn limb's end is the one no other limb of that joint painted over: it gives the joint.
    // (Choosing instead the end every limb there reaches along its line scored lower on synthetic clips.)
    private static IEnumerable<(int Joint, double X, double Y)> Joints(List<DrawnLimb> person)
    {
        var ends = new Dictionary<int, (int Limb, double X, double Y)>();
        foreach (var limb in person)
        {
            var (a, b) = SkeletonVisualizer.Limbs[limb.Limb];
            var kept = Misfit(person, limb, a, limb.Ends.A) + Misfit(person, limb, b, limb.Ends.B);
            var swapped = Misfit(person, limb, a, limb.Ends.B) + Misfit(person, limb, b, limb.Ends.A);
            var (atA, atB) = swapped < kept ? (limb.Ends.B, limb.Ends.A) : (limb.Ends.A, limb.Ends.B);
            Put(a, limb.Limb, atA);
            Put(b, limb.Limb, atB);
        }
        return ends.Select(e => (e.Key, e.Value.X, e.Value.Y));

        void Put(int joint, int limb, (double X, double Y) at)
        {
            if (!ends.TryGetValue(joint, out var seen) || seen.Limb < limb) ends[joint] = (limb, at.X, at.Y);
        }
    }

    // How far an end put at `joint` lies from the nearest end of every other limb of the person that has that joint.
    private static double Misfit(List<DrawnLimb> person, DrawnLimb limb, int joint, (double X, double Y) at)
    {
        var sum = 0.0;
        foreach (var other in person)
        {
            if (ReferenceEquals(other, limb)) continue;
            var (a, b) = SkeletonVisualizer.Limbs[other.Limb];
            if (a != joint && b != joint) continue;
            sum += Math.Min(Distance(at, other.Ends.A), Distance(at, other.Ends.B));
        }
        return sum;
    }

    private static int? SharedJoint(int l1, int l2)
    {
        var (a1, b1) = SkeletonVisualizer.Limbs[l1];
        var (a2, b2) = SkeletonVisualizer.Limbs[l2];
        if (a1 == a2 || a1 == b2) return a1;
        if (b1 == a2 || b1 == b2) return b1;
        return null;
    }

    private static double Gap(DrawnLimb p, DrawnLimb q) => Math.Min(
        Math.Min(Distance(p.Ends.A, q.Ends.A), Distance(p.Ends.A, q.Ends.B)),
        Math.Min(Distance(p.Ends.B, q.Ends.A), Distance(p.Ends.B, q.Ends.B)));

    private static double Distance((double X, double Y) p, (double X, double Y) q) => Math.Sqrt((p.X - q.X) * (p.X - q.X) + (p.Y - q.Y) * (p.Y - q.Y));

    private static DrawnLimb Merged(IEnumerable<DrawnLimb> pieces)
    {
        var list = pieces.ToList();
        if (list.Count == 1) return list[0];
        var points = list.SelectMany(p => p.Points).ToList();
        return new DrawnLimb(list[0].Limb, Ends(points), points);
    }

    private sealed record DrawnLimb(int Limb, ((double X, double Y) A, (double X, double Y) B) Ends, List<(double X, double Y)> Points);
}
