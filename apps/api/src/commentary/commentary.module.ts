import { Module } from '@nestjs/common';
import { CommentaryResolver } from './commentary.resolver';
import { CommentaryService } from './commentary.service';

@Module({ providers: [CommentaryService, CommentaryResolver], exports: [CommentaryService] })
export class CommentaryModule {}
