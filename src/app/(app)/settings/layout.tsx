import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { SettingsNav } from "@/components/settings/settings-nav";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <PageContainer className="grid gap-6">
      <PageHeader title="Settings" description="Your organization, its stores and the people who work in it." />
      <SettingsNav />
      <div className="min-w-0">{children}</div>
    </PageContainer>
  );
}
