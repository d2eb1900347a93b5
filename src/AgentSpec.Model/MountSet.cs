using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Model;

/// <summary>
/// The mounts of one group: the host-managed mounts first, exactly as <see cref="HostManagedMounts.Table"/>
/// says, then the operator mounts under /workspace/extra/. The constructor refuses anything else, so a
/// plan can never carry a host-managed mount that was removed, moved or re-moded. Value-equatable.
/// </summary>
public sealed class MountSet : IReadOnlyList<Mount>, IEquatable<MountSet>
{
    private readonly EquatableArray<Mount> _mounts;

    public MountSet(IEnumerable<Mount> operatorMounts)
        : this(operatorMounts, null)
    {
    }

    /// <summary>
    /// The mounts of a group with this skill selection (null: all): the host-managed part is
    /// <see cref="SkillMounts.HostManagedFor"/>, so a list of skills mounts exactly those below /app/skills.
    /// </summary>
    public MountSet(IEnumerable<Mount> operatorMounts, IEnumerable<string>? skills)
    {
        var list = new List<Mount>(SkillMounts.HostManagedFor(skills));
        foreach (var mount in operatorMounts)
        {
            if (mount.Origin != MountOrigin.Operator)
            {
                throw new ArgumentException($"Mount '{mount.Name}' is not an operator mount; host-managed mounts come only from the compiled table.", nameof(operatorMounts));
            }

            if (!mount.ContainerPath.StartsWith(HostManagedMounts.OperatorMountRoot + "/", StringComparison.Ordinal)
                || mount.ContainerPath.Split('/').Any(s => s == ".." || s == "."))
            {
                throw new ArgumentException($"Operator mount '{mount.Name}' must land under {HostManagedMounts.OperatorMountRoot}/, not at '{mount.ContainerPath}'.", nameof(operatorMounts));
            }

            list.Add(mount);
        }

        _mounts = list.ToEquatableArray();
    }

    /// <summary>
    /// Rebuilds a set from compiled code, which lists every mount. The host-managed part must equal this
    /// assembly's table exactly: a generator and runtime that disagree are refused, not reconciled.
    /// </summary>
    public static MountSet FromCompiled(IEnumerable<Mount> mounts)
    {
        var all = mounts.ToList();
        var table = HostManagedMounts.Table;
        if (all.Count < table.Count || !all.Take(table.Count).SequenceEqual(table))
        {
            throw new InvalidOperationException("The compiled plan's host-managed mounts differ from this runtime's table; rebuild the project so the generator and runtime agree.");
        }

        return new MountSet(all.Skip(table.Count));
    }

    /// <summary>
    /// <see cref="FromCompiled(IEnumerable{Mount})"/> for a group with a list of skills: the compiled table is
    /// checked the same way, and the skills part is this assembly's <see cref="SkillMounts.HostManagedFor"/>.
    /// </summary>
    public static MountSet FromCompiled(IEnumerable<Mount> mounts, IEnumerable<string>? skills) =>
        skills is null ? FromCompiled(mounts) : new MountSet(FromCompiled(mounts).Operator, skills);

    /// <summary>Whether the host-managed part is exactly what this skill selection (null: all) mounts.</summary>
    public bool MountsSkills(IEnumerable<string>? skills) =>
        HostManaged.SequenceEqual(SkillMounts.HostManagedFor(skills));

    public IEnumerable<Mount> HostManaged => _mounts.Where(m => m.IsHostManaged);

    public IEnumerable<Mount> Operator => _mounts.Where(m => !m.IsHostManaged);

    /// <summary>Every read-write mount: the group's complete write surface.</summary>
    public IEnumerable<Mount> WriteSurface => _mounts.Where(m => !m.ReadOnly);

    public int Count => _mounts.Count;

    public Mount this[int index] => _mounts[index];

    public Mount? this[string name] => _mounts.FirstOrDefault(m => m.Name == name);

    public IEnumerator<Mount> GetEnumerator() => ((IEnumerable<Mount>)_mounts).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(MountSet? other) => other is not null && _mounts.Equals(other._mounts);

    public override bool Equals(object? obj) => Equals(obj as MountSet);

    public override int GetHashCode() => _mounts.GetHashCode();
}
