import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CommentaryModule } from '../commentary/commentary.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { BriefingBookController } from './briefing-book.controller';
import { BriefingBookService } from './briefing-book.service';
import { BriefingPdfRenderer } from './briefing-pdf.renderer';

@Module({
  imports: [AuthModule, ScorecardModule, CommentaryModule],
  controllers: [BriefingBookController],
  providers: [BriefingBookService, BriefingPdfRenderer],
})
export class ReportsModule {}
