// The organisation tree as nested lists: readable without JavaScript and by screen readers (each level is a list
// inside its parent's item, so the nesting is announced).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type TreeViewNode = { id: string; name: string; memberCount: number; supervisorCount: number; children: TreeViewNode[] };

export function UnitTreeView({ nodes, linkTo, label }: { nodes: TreeViewNode[]; linkTo?: (id: string) => string; label: string }) {
  return (
    <ul className="unit-tree" aria-label={label}>
      {nodes.map((node) => (
        <UnitItem key={node.id} node={node} linkTo={linkTo} />
      ))}
    </ul>
  );
}

function UnitItem({ node, linkTo }: { node: TreeViewNode; linkTo?: (id: string) => string }) {
  const { t } = useTranslation();
  return (
    <li>
      {linkTo ? <Link to={linkTo(node.id)}>{node.name}</Link> : <span>{node.name}</span>}{" "}
      <span className="hint">
        {t("units.tree.counts", { members: node.memberCount, supervisors: node.supervisorCount })}
      </span>
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((child) => (
            <UnitItem key={child.id} node={child} linkTo={linkTo} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
